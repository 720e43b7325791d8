"""The condition language: a small, safe expression language, parsed and type-checked at load time.

Nothing here calls ``eval``: expressions are tokenised, parsed into a tree, checked against the
questionnaire's names and types, and compiled into closures that compute Kleene three-valued logic.
"""

from .ast import Node
from .checker import CheckError, SymbolTable, TypeInfo, check
from .compiler import compile_expr, explain
from .parser import ParseError, names_in, parse
from .values import UNKNOWN, OneOf, PartialSet, Range, Unknown

__all__ = [
    "UNKNOWN",
    "CheckError",
    "Node",
    "OneOf",
    "ParseError",
    "PartialSet",
    "Range",
    "SymbolTable",
    "TypeInfo",
    "Unknown",
    "check",
    "compile_expr",
    "explain",
    "names_in",
    "parse",
]
