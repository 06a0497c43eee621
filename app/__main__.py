"""python -m app [--host H] [--port P]: serve the explorer and the API with uvicorn."""
from __future__ import annotations

import argparse

import uvicorn

from .settings import Settings


def main(argv: list[str] | None = None) -> None:
    defaults = Settings()
    parser = argparse.ArgumentParser(
        prog="python -m app", description="Serve chainrule: the explorer page and the REST API.",
        epilog="Limits and CORS origins come from CHAINRULE_* environment variables (see app/settings.py).")
    parser.add_argument("--host", default=defaults.host, help=f"address to listen on (default {defaults.host})")
    parser.add_argument("--port", type=int, default=defaults.port, help=f"port (default {defaults.port})")
    args = parser.parse_args(argv)
    settings = defaults.model_copy(update={"host": args.host, "port": args.port})

    from .main import create_app
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"chainrule: serving on http://{host}:{args.port} (API docs at /docs; Ctrl+C stops)", flush=True)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
