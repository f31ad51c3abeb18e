"""``python -m knowledge search ...``: search the cluster partners from the command line."""

from __future__ import annotations

import argparse
import json

from knowledge.cli.common import (
    EXIT_OK,
    Subparsers,
    settings_from_args,
    settings_parent,
    whole_number,
)


def _cmd_search(args: argparse.Namespace) -> int:
    from knowledge.embedding import load_embedder
    from knowledge.partners.index import PartnerIndex
    from knowledge.partners.query import PartnerFilters
    from knowledge.partners.searcher import PartnerSearcher
    from knowledge.records import load_profiles, profiles_hash

    filters = PartnerFilters.parse(
        country=args.country,
        region=args.region,
        sector=args.sector,
        technology=args.technology,
        label=args.label,
    )
    settings = settings_from_args(args)
    embedder = load_embedder(settings)
    current_hash = profiles_hash(load_profiles(settings.profiles_path))
    index = PartnerIndex.load(settings.index_dir, embedder, expected_hash=current_hash)
    result = PartnerSearcher(index, embedder).search(
        args.query, filters, k=args.k, offset=args.offset, mode=args.mode
    )
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    scope = f" ({filters.describe()})" if not filters.is_empty() else ""
    if not result.matches:
        print(f"No partners found for {args.query!r}{scope}: {result.empty_because}.")
        return EXIT_OK
    last = result.offset + len(result.matches)
    print(f"{result.offset + 1}-{last} of {result.total} for {args.query!r}{scope}:")
    for rank, match in enumerate(result.matches, start=result.offset + 1):
        p = match.profile
        place = ", ".join(x for x in (p.city, p.region, p.country) if x)
        title = p.name if not p.acronym or p.acronym == p.name else f"{p.name} ({p.acronym})"
        print(f"{rank:>3}. {title}, {place}  [score {match.score:.2f}]")
        print(f"     {match.why}")
        link = p.website or p.source_url
        if link:
            print(f"     {link}")
    return EXIT_OK


def add_search_command(subparsers: Subparsers) -> None:
    """Add the ``search`` command.

    Args:
        subparsers: The top-level sub-parsers action.
    """
    search = subparsers.add_parser(
        "search",
        parents=[settings_parent()],
        help="search cluster partners",
        description="Search cluster profiles by meaning and keywords, within exact filters.",
    )
    search.add_argument("query", help="what you are looking for, e.g. 'hydrogen storage'")
    search.add_argument(
        "--country", help="country code, name or adjective, e.g. DE, Germany, German"
    )
    search.add_argument(
        "--region",
        help="region: a NUTS 2021 code of any level (DE2, DE21, ES21), a NUTS name in its own "
        "language (Bayern, 'País Vasco'), an English name (Bavaria, 'Basque Country'); other "
        "text must appear as whole words in the profile's region or city (Brainport, Graz)",
    )
    search.add_argument("--sector", help="sector label or word, e.g. Energy, ICT, food")
    search.add_argument(
        "--technology", help="text that must appear in the technologies or description"
    )
    search.add_argument(
        "--label",
        help="cluster excellence label the profile states: gold, silver or bronze (also "
        "'gold label', 'ECEI gold'), or any (every labelled profile)",
    )
    search.add_argument(
        "--k", type=whole_number(1), default=5, help="number of results (default 5, max 100)"
    )
    search.add_argument(
        "--offset", type=whole_number(0), default=0, help="results to skip, for paging"
    )
    search.add_argument(
        "--mode",
        choices=["hybrid", "dense", "keyword"],
        default="hybrid",
        help="ranking: hybrid (default), dense embeddings only, or keyword (BM25F) only",
    )
    search.add_argument("--json", action="store_true", help="print the result as JSON")
    search.set_defaults(handler=_cmd_search)
