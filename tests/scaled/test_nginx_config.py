"""The load balancer's configuration: nginx accepts it, Socket.IO is sticky, the rest round robin."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.nginx_lb import render

pytestmark = pytest.mark.integration


def _upstream(conf: str, name: str) -> str:
    return re.search(rf"upstream {name} \{{(.*?)\n    \}}", conf, re.S).group(1)


def test_the_configuration_is_valid_and_routes_as_documented(tmp_path):
    conf = render(tmp_path, 18080, [18001, 18002], 18090, [18011, 18012])
    sticky, round_robin = _upstream(conf, "rasa_sticky"), _upstream(conf, "rasa_round_robin")
    assert "hash $remote_addr$http_user_agent consistent" in sticky
    assert "hash" not in round_robin  # REST, Slack, Teams, API: round robin
    for port in (18001, 18002):
        assert f"127.0.0.1:{port}" in sticky and f"127.0.0.1:{port}" in round_robin
    actions = _upstream(conf, "action_servers")
    assert "127.0.0.1:18011" in actions and "127.0.0.1:18012" in actions
    socket_io = conf.split("location /socket.io/", 1)[1].split("location /", 1)[0]
    assert "proxy_pass http://rasa_sticky" in socket_io and "Upgrade $http_upgrade" in socket_io
    assert "non_idempotent" not in conf  # a POST already sent to a dying server is not resent
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is not installed: run scripts/install_services.sh")
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / "tmp" / sub).mkdir(parents=True)
    path = tmp_path / "nginx.conf"
    path.write_text(conf)
    check = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(path), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
