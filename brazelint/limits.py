"""Every limit that bounds the work one file can cost, shared by all languages: hostile
input (10,000-deep nesting, 200,000-call chains, megabytes of one expression) must stay
bounded in time and memory the same way in every frontend and in the analysis."""

from __future__ import annotations

#: Values nested deeper than this become UNKNOWN (value building recurses).
VALUE_DEPTH = 64
#: Branch paths, guards and loops of a statement's flow stop growing here (thousands of
#: nested ``if``s would otherwise cost quadratic time and memory).
NESTING = 100
#: A call chain keeps at most this many names (the last ones).
CHAIN_PARTS = 32
#: A guard's text is cut to this many characters.
GUARD_TEXT = 200
#: A source excerpt (UNKNOWN values, messages) holds at most this many characters.
EXCERPT = 120
#: At most this many parse problems are reported per file.
PROBLEMS = 20
#: Substitutions of value flow nest at most this deep (a constant of a constant, a helper
#: calling a helper).
SUBSTITUTIONS = 6
