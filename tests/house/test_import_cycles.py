"""No import cycles between the product's modules (function-level imports count too)."""

from __future__ import annotations

from tests.house.layout_support import imported_names, product_modules


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; returns the components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def import_graph() -> dict[str, set[str]]:
    modules = list(product_modules())
    known = {module.name for module in modules}
    graph = {module.name: set() for module in modules}
    for module in modules:
        # A package's __init__ re-exporting its own submodules is how Python packages work, not a
        # cycle between rules: leave the edges from a package to its own children out.
        graph[module.name] = {
            name
            for name in imported_names(module, known)
            if not (module.is_package and name.startswith(module.name + "."))
        }
    return graph


def test_the_tarjan_helper_finds_a_known_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _strongly_connected(graph) == [["a", "b", "c"]]


def test_no_import_cycles_in_the_product():
    cycles = _strongly_connected(import_graph())
    assert cycles == [], f"import cycles: {cycles}"
