"""Programs shaped like the API benchmark's (bench/api_bench.py): deep, with edges that skip layers."""
from __future__ import annotations


def layered_program(lines: int) -> str:
    """Each line reads the two lines before it, like the layers of a network, so many edges skip
    layers: a1 = tanh(0.5*y + x); a2 = sin(a1*y) + y*0.25; a3 = tanh(0.5*a2 + a1); ..."""
    names, program = ["x", "y"], []
    for line in range(1, lines + 1):
        before, earlier = names[-1], names[-2]
        program.append(f"a{line} = tanh(0.5*{before} + {earlier})" if line % 2
                       else f"a{line} = sin({before}*{earlier}) + {earlier}*0.25")
        names.append(f"a{line}")
    return "\n".join(program)
