"""Read-only parts of pages rendered once per process: ``{% cache "name", key... %}...{% endcache %}``.

A question's hint, help and legal references, or an obligation's text, depend only on the questionnaire
(its content hash) and the interface language; rendering them again for every respondent and every
request is most of a page's cost. A template wraps such a part in ``{% cache %}`` with the keys it
depends on; the interface language is always added to the key. Only wrap what depends on nothing
else than its keys: no CSRF token, no nonce, no flashed message, no value missing from the key. Keys
may hold a respondent's state (a question's value, the digest of an evaluation's inputs), which is how
a step's questions and a result page's conclusions are rendered once per state.

The store is bounded twice: by count, and by the characters it holds (a result page's conclusions are
a few hundred kilobytes), least recently used first out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

from .lru import LRU

#: Fragments kept per process (most are a few hundred bytes to a few KB).
MAX_FRAGMENTS = 20000
#: Characters kept per process, all fragments together (about 24 MiB of text, less than a third of
#: what a worker holds anyway).
MAX_CHARS = 24 * 1024 * 1024


class FragmentStore(LRU[Markup]):
    """Rendered fragments, bounded by count and by the characters they hold together."""

    def __init__(self, limit: int = MAX_FRAGMENTS, max_chars: int = MAX_CHARS) -> None:
        super().__init__(limit, max_weight=max_chars, weight=len)

    @property
    def chars(self) -> int:
        """Characters held, all fragments together."""
        return self.weight

    def get_or_render(self, key: tuple[Any, ...], render: Callable[[], str]) -> Markup:
        """The fragment of ``key``, rendered by ``render()`` the first time."""
        # the body was rendered by Jinja with autoescape on: it is already safe markup
        return self.get_or_compute(key, lambda: Markup(render()))  # noqa: S704


class FragmentCache(Extension):
    """The ``{% cache key, ... %}`` tag; the environment's ``fragment_store`` and ``fragment_lang`` serve it."""

    tags = {"cache"}

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        environment.extend(fragment_store=FragmentStore(), fragment_lang=lambda: "", fragment_enabled=True)

    def parse(self, parser: Parser) -> nodes.Node:
        """``{% cache expr, expr... %} body {% endcache %}``."""
        lineno = next(parser.stream).lineno
        keys = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            keys.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        call = self.call_method("_render", [nodes.List(keys)])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _render(self, keys: list[Any], caller: Callable[[], str]) -> Markup:
        env: Any = self.environment
        if not env.fragment_enabled or env.auto_reload:  # templates reloaded on change (debug): always render
            return Markup(caller())  # noqa: S704 - rendered by Jinja with autoescape on
        key = (*keys, env.fragment_lang())
        store: FragmentStore = env.fragment_store
        return store.get_or_render(key, caller)
