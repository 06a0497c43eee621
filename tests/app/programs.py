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


def mlp_program(sizes: list[int], activation: str = "tanh") -> str:
    """A fully connected network as the page's builder writes it (static/js/builder.js, mlpProgram):
    one neuron function per fan-in, one named statement per unit, the weights and biases as inputs,
    the sum of squared errors last. [6, 6, 6, 6, 6]: 24 neurons over 6 inputs, 515 nodes."""
    inputs, *layers = sizes
    fan_ins = sorted({inputs if index == 0 else layers[index - 1] for index in range(len(layers))})

    def neuron(fan_in: int) -> str:
        return "neuron" if len(fan_ins) == 1 else f"neuron{fan_in}"

    lines = []
    for fan_in in fan_ins:
        xs, ws = [f"a{i + 1}" for i in range(fan_in)], [f"w{i + 1}" for i in range(fan_in)]
        total = " + ".join(f"{w}*{x}" for w, x in zip(ws, xs))
        lines.append(f"{neuron(fan_in)}({', '.join([*xs, *ws, 'b'])}) = {activation}({total} + b)")
    previous = [f"x{i + 1}" for i in range(inputs)]
    for layer, size in enumerate(layers):
        last = layer == len(layers) - 1
        units = [("y" if size == 1 else f"y{j + 1}") if last else f"h{layer + 1}_{j + 1}" for j in range(size)]
        for j, unit in enumerate(units):
            weights = [f"w{layer + 1}_{j + 1}_{i + 1}" for i in range(len(previous))]
            lines.append(f"{unit} = {neuron(len(previous))}({', '.join([*previous, *weights, f'b{layer + 1}_{j + 1}'])})")
        previous = units
    targets = ["target"] if len(previous) == 1 else [f"t{j + 1}" for j in range(len(previous))]
    lines.append(" + ".join(f"({unit} - {target})^2" for unit, target in zip(previous, targets)))
    return "\n".join(lines)
