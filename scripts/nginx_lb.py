"""nginx in front of several Rasa servers and several action servers, as a local process.

Two listeners on 127.0.0.1:

* the public port: ``/socket.io/`` goes to one Rasa server per client (``hash`` of the client
  address and user agent, consistent): Socket.IO's long-polling requests and its WebSocket upgrade
  must reach the process that holds the session. Everything else (REST channel, Slack, Teams, the
  widget's files, Rasa's HTTP API) is round robin; a server that refuses connections is skipped
  (``proxy_next_upstream error timeout``) and rested for 10 s. A request already sent to a server
  that then dies is not sent again (POST is not idempotent): the client gets a 502 and may retry,
  and since Rasa saves a turn only when it is complete, the retry is counted once.
* the action port: round robin over the action servers, same skipping, used by the Rasa servers
  as their action endpoint.

Standard library only.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from scripts.localsvc import ServiceError, stop_process, wait_port
from scripts.stack import dies_with_parent

TEMPLATE = """\
worker_processes 1;
daemon off;
{user}
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 2048; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    client_max_body_size 2m;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}

    upstream rasa_round_robin {{
{rasa_rr}
        keepalive 16;
    }}
    upstream rasa_sticky {{
        hash $remote_addr$http_user_agent consistent;
{rasa_sticky}
    }}
    upstream action_servers {{
{actions}
        keepalive 16;
    }}

    server {{
        listen 127.0.0.1:{port};
        proxy_connect_timeout 2s;
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 2;
        location /socket.io/ {{
            proxy_pass http://rasa_sticky;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_read_timeout 3600s;
        }}
        location / {{
            proxy_pass http://rasa_round_robin;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 120s;
        }}
    }}
    server {{
        listen 127.0.0.1:{action_port};
        proxy_connect_timeout 2s;
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 2;
        location / {{
            proxy_pass http://action_servers;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def render(
    directory: Path,
    port: int,
    rasa_ports: list[int],
    action_port: int,
    action_ports: list[int],
    user: str = "",
) -> str:
    """The nginx configuration for these ports."""

    def servers(ports: list[int], extra: str = "") -> str:
        return "\n".join(f"        server 127.0.0.1:{p}{extra};" for p in ports)

    return TEMPLATE.format(
        dir=directory,
        user=user,
        port=port,
        action_port=action_port,
        rasa_rr=servers(rasa_ports, " max_fails=1 fail_timeout=10s"),
        rasa_sticky=servers(rasa_ports, " max_fails=1 fail_timeout=10s"),
        actions=servers(action_ports, " max_fails=1 fail_timeout=10s"),
    )


@dataclass
class LocalNginx:
    """nginx with :func:`render`'s configuration in ``directory``."""

    directory: Path
    port: int
    rasa_ports: list[int]
    action_port: int
    action_ports: list[int]
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, timeout: float = 10.0) -> None:
        """Writes the configuration, checks it (``nginx -t``) and starts nginx."""
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise ServiceError("nginx is not installed; run scripts/install_services.sh")
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.directory / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        # as root, the workers would run as 'nobody': keep them root, on loopback only
        user = "user root;" if os.geteuid() == 0 else ""
        conf = self.directory / "nginx.conf"
        conf.write_text(
            render(
                self.directory,
                self.port,
                self.rasa_ports,
                self.action_port,
                self.action_ports,
                user,
            )
        )
        argv = [
            binary,
            "-p",
            str(self.directory),
            "-c",
            str(conf),
            "-e",
            str(self.directory / "error.log"),
        ]
        check = subprocess.run([*argv, "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise ServiceError(f"nginx configuration refused: {check.stderr.strip()}")
        log = (self.directory / "nginx.out").open("ab")
        self.process = subprocess.Popen(
            [*dies_with_parent([], "TERM"), *argv], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        if not (wait_port(self.port, timeout) and wait_port(self.action_port, timeout)):
            self.stop()
            raise ServiceError(f"nginx did not start; see {self.directory / 'error.log'}")

    def stop(self, timeout: float = 10.0) -> None:
        """Graceful stop (SIGQUIT), SIGKILL after ``timeout``."""
        stop_process(self.process, signal.SIGQUIT, timeout)
        self.process = None
