"""Spot submissions that try to fool the tests, by reading their code (outside the student's kernel).

Test cells run in the student's kernel, so code in a solution cell can rebind what a test
uses (``check_close = lambda *a, **k: None``), patch a module (``np.allclose = ...``), or
swallow exceptions (``get_ipython().set_custom_exc(...)``). Nothing inside that kernel can
be fully trusted, so ``make grade`` reads every student-editable cell with ``ast`` and flags:

- rebinding a function, class or import of the locked cells (setup and tests);
- assigning or deleting an attribute of an imported module or of a name the locked cells define;
- the calls and names that reach around the language: ``setattr``, ``delattr``, ``exec``,
  ``eval``, ``compile``, ``__import__``, ``globals``, ``vars``, ``get_ipython``, ``builtins``,
  ``importlib``, ``ctypes``, ``gc``, ``sys.modules``, ``sys.excepthook``, ``sys.settrace``.

A flagged submission gets zero on its tests, and the report lists why, so an instructor can
look and restore the grade by hand if the code was innocent.
"""

import ast

FORBIDDEN_CALLS = {
    "setattr",
    "delattr",
    "exec",
    "eval",
    "compile",
    "__import__",
    "globals",
    "vars",
    "get_ipython",
}
FORBIDDEN_MODULES = {"builtins", "importlib", "ctypes", "gc"}
FORBIDDEN_ATTRIBUTES = {
    "modules",
    "excepthook",
    "settrace",
    "setprofile",
    "__code__",
    "__globals__",
    "__builtins__",
    "__dict__",
}


def _parse(source):
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]  # IPython magics
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def _defined_names(tree):
    """Functions, classes and imports a cell defines: what a test relies on (plain variables are reset by each test)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def _module_aliases(tree):
    return {
        (a.asname or a.name).split(".")[0]
        for n in ast.walk(tree)
        if isinstance(n, ast.Import)
        for a in n.names
    }


def _top_level_bindings(tree):
    """Names a cell binds in the notebook's global namespace (not inside functions)."""
    names = set()

    class Visitor(ast.NodeVisitor):
        def visit_FunctionDef(self, node):
            names.add(node.name)
            for stmt in node.body:  # only `global` declarations escape a function
                for sub in ast.walk(stmt):
                    if isinstance(sub, ast.Global):
                        names.update(sub.names)

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_ClassDef(self, node):
            names.add(node.name)

        def visit_Name(self, node):
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                names.add(node.id)

        def visit_alias(self, node):
            names.add((node.asname or node.name).split(".")[0])

    Visitor().visit(tree)
    return names


def scan_notebook(nb):
    """Reasons to suspect tampering in ``nb`` (an nbformat notebook); empty when none."""
    locked_names, modules, student_trees = set(), set(), []
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        tree = _parse(cell.get("source", ""))
        if tree is None:
            continue
        modules |= _module_aliases(tree)
        if meta.get("solution") or not meta:
            student_trees.append(tree)
        else:
            locked_names |= _defined_names(tree)
    protected = locked_names | modules
    reasons = []
    for tree in student_trees:
        for name in sorted(_top_level_bindings(tree) & locked_names):
            reasons.append(f"rebinds `{name}`, which the tests use")
        for node in ast.walk(tree):
            if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(
                node.ctx, (ast.Store, ast.Del)
            ):
                base = node.value
                while isinstance(base, (ast.Attribute, ast.Subscript)):
                    base = base.value
                if isinstance(base, ast.Name) and base.id in protected:
                    reasons.append(f"changes `{ast.unparse(node)}`, part of a module or of the tests")
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in FORBIDDEN_CALLS
            ):
                reasons.append(f"calls `{node.func.id}()`")
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = (
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                )
                for name in names:
                    if name.split(".")[0] in FORBIDDEN_MODULES:
                        reasons.append(f"imports `{name}`")
            elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
                reasons.append(f"uses `{ast.unparse(node)}`")
    return sorted(set(reasons))
