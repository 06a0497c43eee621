"""The curated gallery served by GET /api/examples: each an expression, its input values, and the
one idea it teaches. Every example is traced by the tests, and its gradient checked against SymPy."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Example:
    id: str
    title: str
    note: str  # one paragraph of teaching
    expression: str
    inputs: dict[str, float] = field(default_factory=dict)
    mode: str = "both"

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "note": self.note, "expression": self.expression,
                "inputs": dict(self.inputs), "mode": self.mode}


EXAMPLES: tuple[Example, ...] = (
    Example(
        "exp-over-square", "The classic: exp(x) / x^2",
        "Written out symbolically, d/dx e^x/x^2 = (e^x x^2 - 2x e^x)/x^4: e^x and x^2 each appear twice, "
        "and every further quotient or product rule makes the formula longer. Automatic differentiation never "
        "builds that formula. Evaluation computes v1 = e^x and v2 = x^2 once and caches each local partial; "
        "reverse mode then multiplies cached numbers along the edges. At x = 2 the derivative is exactly 0, "
        "because e^x/x^2 has its minimum there.",
        "exp(x)/x^2", {"x": 2.0}),
    Example(
        "chain", "The chain rule: w -> x -> y -> z",
        "Three functions in a row: x = sin(w), y = exp(x), z = y^2. The chain rule says "
        "dz/dw = dz/dy * dy/dx * dx/dw. Reverse mode computes this product from the output end: the adjoint "
        "of z is 1, the adjoint of y is 1 * 2y, the adjoint of x is that times e^x, and so on back to w. "
        "Forward mode multiplies the same local partials from the input end. Each name is one node.",
        "x = sin(w)\ny = exp(x)\nz = y^2", {"w": 0.5}),
    Example(
        "add-gate", "The add gate distributes the gradient",
        "The local partials of a + b are both 1, so reverse mode passes the adjoint of the sum unchanged to "
        "each operand: whatever arrives at a + node is copied to all its inputs. Here both x and y get "
        "adjoint 1, whatever their values.",
        "x + y", {"x": 2.0, "y": -3.0}),
    Example(
        "multiply-gate", "The multiply gate switches the gradient",
        "The local partial of a * b with respect to a is b, and with respect to b is a. So reverse mode "
        "sends each operand the adjoint times the other operand's value: x gets y's value (-3) and y gets "
        "x's value (2). A large input makes the gradient of the other input large.",
        "x * y", {"x": 2.0, "y": -3.0}),
    Example(
        "vector-chain-rule", "The vector chain rule: f(x1(s, t), x2(s, t))",
        "f depends on s through two paths, one through x1 and one through x2, so "
        "df/ds = df/dx1 * dx1/ds + df/dx2 * dx2/ds, a sum over paths. In reverse mode this sum happens by "
        "itself: s is an operand of two nodes, and each sends it a contribution that is added to its adjoint. "
        "The same holds for t.",
        "x1 = s * t\nx2 = s + t\nf = x1 * sin(x2)", {"s": 1.0, "t": 2.0}),
    Example(
        "neuron", "A neuron: tanh(w1*x1 + w2*x2 + b)",
        "A single neuron with two inputs, two weights and a bias, as in micrograd's walkthrough. "
        "Backpropagation is the chain rule with caching: tanh's local partial is 1 - tanh^2, computed from "
        "its cached output. Each weight's gradient is the adjoint of its product times its input, so w2 "
        "gets 0 because x2 is 0: the multiply gate switches the gradient.",
        "tanh(w1*x1 + w2*x2 + b)",
        {"w1": -3.0, "x1": 2.0, "w2": 1.0, "x2": 0.0, "b": 6.8813735870195432}),
    Example(
        "reused-node", "One node on two branches: x*x + sin(x)",
        "x is used three times: twice by the product and once by sin. In reverse mode its adjoint "
        "accumulates one contribution per edge (adjoint += adjoint of node x local partial): x, x and cos(x). "
        "This is why backpropagation adds gradients rather than overwriting them; forgetting the += is the "
        "classic bug.",
        "x*x + sin(x)", {"x": 1.0}),
    Example(
        "several-outputs", "Several outputs: forward mode or reverse mode?",
        "One input and three outputs that share h = exp(x sin x): the Jacobian is 3 x 1. Forward mode fills "
        "it one column per pass, so one pass carries a tangent through h to all three outputs. Reverse mode "
        "fills it one row per pass: three passes, each going back through h. With fewer inputs than outputs "
        "forward mode is cheaper; ask for the Jacobian to see the counts of both.",
        "h = exp(x * sin(x))\nh * 2, h + 1, h^2", {"x": 0.5}),
    Example(
        "many-inputs", "Many inputs, one output: why deep learning uses reverse mode",
        "A squared error of a linear model has nine inputs and one output. Reverse mode gets the whole "
        "gradient in one pass; forward mode would need nine, one per input. A network has millions of "
        "weights and one loss, so backpropagation is reverse mode.",
        "(w1*x1 + w2*x2 + w3*x3 + w4*x4 - target)^2",
        {"w1": 0.5, "x1": 1.0, "w2": -0.25, "x2": 2.0, "w3": 1.5, "x3": -1.0, "w4": 0.1, "x4": 3.0,
         "target": 1.0}),
    Example(
        "mlp", "A two-layer network written with a function",
        "neuron(...) is defined once and called three times: each call builds its own copy of the body "
        "inside a group (neuron#1, neuron#2, neuron#3) that the picture can collapse into one box with its "
        "inputs and its output. The first layer is two neurons reading the same inputs x1 and x2; the second "
        "is one neuron reading h1 and h2. One reverse pass from the squared error gives the gradient for all "
        "nine weights and biases at once, which is what training needs: the adjoint of x1 collects one "
        "contribution through each neuron of the first layer.",
        "neuron(x1, x2, w1, w2, b) = tanh(w1*x1 + w2*x2 + b)\n"
        "h1 = neuron(x1, x2, w11, w12, b1)\n"
        "h2 = neuron(x1, x2, w21, w22, b2)\n"
        "y = neuron(h1, h2, u1, u2, c)\n"
        "(y - target)^2",
        {"x1": 0.5, "x2": -1.0, "w11": 0.8, "w12": -0.4, "b1": 0.1, "w21": -0.6, "w22": 0.3, "b2": 0.2,
         "u1": 1.2, "u2": -0.7, "c": 0.05, "target": 0.5}),
    Example(
        "relu-at-zero", "A non-differentiable point: relu at 0",
        "relu(a) = max(a, 0) has no derivative at a = 0: the slope is 0 on the left and 1 on the right. "
        "Here the pre-activation w*x + b is exactly 0. Like most frameworks, the engine uses the local "
        "partial 0 there (a subgradient) and says so in a warning, so every gradient flowing back is 0.",
        "relu(w*x + b)", {"w": 1.0, "x": 1.0, "b": -1.0}),
    Example(
        "hvp", "Second order: a Hessian-vector product",
        "Run forward mode along a direction v first: every node gets a dual number, its value and its tangent. "
        "Then run reverse mode on those dual numbers. Each local partial is a dual number too (its tangent comes "
        "from the second partials, which the engine gets by differentiating its own rule table), so each "
        "adjoint gets a tangent, the second-order adjoint. At the inputs these tangents are H·v, the Hessian "
        "times v, in two passes and a constant multiple of one gradient's work, whatever the number of inputs: "
        "this is JAX's jvp of grad (Pearlmutter 1994). "
        "Along v = (1, 0) here, H·v = (-9 sin 1, 1 + 6 cos 1).",
        "x*y + sin(x)*y^2", {"x": 1.0, "y": 3.0}, mode="hvp"),
    Example(
        "swell-product", "Expression swell: a product of n factors",
        "The derivative of x1*x2*...*xn with respect to each factor is the product of the other n - 1. "
        "Written out symbolically, the n derivatives together have about n^2 nodes: 54 after simplifying "
        "(66 as the chain rule writes them) for these 6 factors, 252 for 12. The AD trace has 2n - 1 nodes "
        "(11 here) and one reverse pass of 22 steps gives the whole gradient, because each partial product "
        "is cached in a node and reused rather than written out again. Ask for the symbolic derivatives "
        "(POST /api/symbolic, or --symbolic in the CLI) to see them.",
        "x1*x2*x3*x4*x5*x6", {"x1": 1.5, "x2": -0.5, "x3": 2.0, "x4": 0.75, "x5": -1.25, "x6": 1.0},
        mode="reverse"),
    Example(
        "swell-composition", "Expression swell: a composition n deep",
        "d/dx sin(sin(...sin(x))) is cos(sin(...)) times cos(...) times ... times cos(x): each factor repeats "
        "the whole composition below it, so the derivative written out grows like n^2/2, 32 nodes for these "
        "6 levels and 101 for 12, while the AD trace grows like n (7 and 13 nodes). Reverse mode never repeats "
        "a value: each sin is computed once in evaluation, and its cos is a cached local partial.",
        "sin(sin(sin(sin(sin(sin(x))))))", {"x": 1.0}, mode="reverse"),
)
