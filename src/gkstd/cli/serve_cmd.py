"""``gkstd serve``: run the HTTP service (needs the ``serve`` extra)."""

from __future__ import annotations

import logging
import socket
import sys

import click

from gkstd.cli.common import t
from gkstd.cli.textfmt import say
from gkstd.diagnostics.errors import os_reason

__all__ = ["serve_cmd"]


@click.command("serve")
@click.option(
    "--host",
    default=None,
    help="监听地址（默认 127.0.0.1；GKSTD_SERVE_HOST）/ address to listen on "
    "(default 127.0.0.1; GKSTD_SERVE_HOST).",
)
@click.option(
    "--port",
    type=int,
    default=None,
    help="端口（默认 8080；GKSTD_SERVE_PORT）/ port (default 8080; GKSTD_SERVE_PORT).",
)
@click.option(
    "--workers",
    type=int,
    default=None,
    help="做检查的工作进程数（默认 2；GKSTD_SERVE_WORKERS）/ worker processes doing "
    "the checks (default 2; GKSTD_SERVE_WORKERS).",
)
@click.option(
    "--timeout",
    type=float,
    default=None,
    help="一个请求的时限，秒（默认 120；GKSTD_SERVE_TIMEOUT）/ time limit of one "
    "request, in seconds (default 120; GKSTD_SERVE_TIMEOUT).",
)
@click.option(
    "--max-upload",
    default=None,
    help="请求体上限，字节数或如 50MB（默认 50MB；GKSTD_SERVE_MAX_UPLOAD）/ largest request "
    "body, in bytes or such as 50MB (default 50MB; GKSTD_SERVE_MAX_UPLOAD).",
)
@click.option(
    "--upload-memory",
    default=None,
    help="同时接收的上传总字节数，如 256MB（默认 256MB；服务约占其五倍内存；"
    "GKSTD_SERVE_UPLOAD_MEMORY）/ total bytes of the uploads received at one time, such as "
    "256MB (default 256MB; the service takes about five times as much memory; "
    "GKSTD_SERVE_UPLOAD_MEMORY).",
)
@click.option(
    "--root-path",
    default=None,
    help="反向代理下的路径前缀，如 /gkstd（GKSTD_SERVE_ROOT_PATH）/ path prefix "
    "behind a reverse proxy, such as /gkstd (GKSTD_SERVE_ROOT_PATH).",
)
def serve_cmd(
    host: str | None,
    port: int | None,
    workers: int | None,
    timeout: float | None,
    max_upload: str | None,
    upload_memory: str | None,
    root_path: str | None,
) -> None:
    """启动 HTTP 校验服务和上传页面 / serve the checks over HTTP, with an upload page.

    默认只在本机地址 127.0.0.1:8080 上监听；接口见 /v1/openapi.json，上传页面在 /。
    需要安装 serve 附加组件：在 gkstd 源代码目录中运行 python3 -m pip install '.[serve]'
    （内网机器从安装包文件夹安装，见 docs/serve.md）。

    / By default it listens on the local address 127.0.0.1:8080 only; the API is described
    at /v1/openapi.json, the upload page is at /. Needs the serve extra: in gkstd's source
    tree run python3 -m pip install '.[serve]' (a machine on an intranet installs from a
    folder of package files, see docs/serve.md).
    """
    try:
        import uvicorn

        from gkstd.serve.app import create_app
        from gkstd.serve.config import ServeConfig, _size
    except ImportError as exc:
        say(
            t(
                f"gkstd serve 需要 serve 附加组件（缺少 {exc.name}）：在 gkstd 源代码目录中运行 "
                "python3 -m pip install '.[serve]'，或从安装包文件夹安装 'gkstd[serve]'"
                "（见 docs/serve.md）",
                f"gkstd serve needs the serve extra (missing {exc.name}): in gkstd's source "
                "tree run python3 -m pip install '.[serve]', or install 'gkstd[serve]' from "
                "a wheel folder (docs/serve.md)",
            ),
            err=True,
        )
        sys.exit(2)
    sizes: dict[str, int | None] = {}
    for option, text in (("--max-upload", max_upload), ("--upload-memory", upload_memory)):
        try:
            sizes[option] = _size(text) if text is not None else None
        except ValueError:
            raise click.BadParameter(
                t("请写字节数，或如 50MB。", "write bytes, or e.g. 50MB."), param_hint=option
            ) from None
    config = ServeConfig.from_env(
        host=host,
        port=port,
        workers=workers,
        timeout=timeout,
        max_upload=sizes["--max-upload"],
        upload_memory=sizes["--upload-memory"],
        root_path=root_path,
    )
    _can_listen(config.host, config.port)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    say(
        t(
            f"gkstd 校验服务：http://{config.host}:{config.port}/ （接口 /v1，Ctrl-C 停止）",
            f"gkstd service: http://{config.host}:{config.port}/ (API under /v1; Ctrl-C stops)",
        ),
        err=True,
    )
    uvicorn.run(
        create_app(config),
        host=config.host,
        port=config.port,
        root_path=config.root_path,
        access_log=False,
        log_level="warning",
        proxy_headers=True,
        # connections beyond this get 503 and are closed at once: stalled clients cannot
        # use up the file descriptors (a service's limit is often 1024)
        limit_concurrency=4 * (max(1, config.workers) + config.queue) + 64,
        timeout_keep_alive=5,
    )


def _can_listen(host: str, port: int) -> None:
    """Exit 2 with a message saying why when the service could not listen on ``host``:
    ``port`` (a port in use, an unknown host name, a privileged port), before the server
    starts (its own message is English only, its exit code 3, gkstd's "internal error")."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind(address)
    except (OSError, UnicodeError) as exc:
        if isinstance(exc, socket.gaierror):  # (its codes are the resolver's, not errno's)
            why, why_en = "找不到这个主机名或地址", "no such host name or address"
        elif isinstance(exc, OSError):
            why, why_en = os_reason(exc)
        else:
            why, why_en = "主机名无效", "invalid host"
        say(
            t(
                f"无法在 {host}:{port} 上启动服务：{why}。请换一个端口（--port）或地址（--host），"
                "或先停止占用该端口的程序。",
                f"Cannot serve on {host}:{port}: {why_en}. Choose another port (--port) or "
                "address (--host), or stop the program using that port.",
            ),
            err=True,
        )
        sys.exit(2)
