"""Find code in a submission that tries to change how it is graded rather than answer the exercise.

The tests run in the student's kernel, after the student's code; Python cannot stop that code from
rewriting what runs later. So the grader reads every cell the student wrote (`scan`) and, where a cell
reaches for the machinery of grading, the tests after it score 0 and the report says why. The rules are
narrow: none of them is needed to solve any exercise of the course.
"""
import ast

# Names whose use in a student's cell only makes sense to interfere with grading.
FORBIDDEN_NAMES = {
    "get_ipython": "reaches into the IPython shell that runs the tests",
    "exec": "runs code built at run time", "eval": "runs code built at run time",
    "compile": "builds code at run time", "__import__": "imports modules by computed name",
    "__builtins__": "changes Python's built-in functions", "exit": "stops the kernel", "quit": "stops the kernel",
    "globals": "rewrites the notebook's namespace", "setattr": "sets attributes by name (monkey-patching)",
    "delattr": "deletes attributes by name",
}
FORBIDDEN_MODULES = {
    "builtins": "changes Python's built-in functions", "ctypes": "manipulates memory directly",
    "subprocess": "starts other programs", "signal": "installs signal handlers", "atexit": "runs code at exit",
    "importlib": "imports modules by computed name", "inspect": "inspects the tests' frames",
    "gc": "walks the interpreter's objects", "IPython": "reaches into the IPython shell that runs the tests",
    "sqlite3": "opens databases (the gradebook)", "nbgrader": "uses the grader itself",
    "shutil": "copies or deletes files", "multiprocessing": "starts other processes",
}
FORBIDDEN_ATTRIBUTES = {
    "_exit": "kills the kernel", "exit": "stops the kernel", "modules": "rewrites the table of loaded modules",
    "settrace": "traces the tests' execution", "setprofile": "traces the tests' execution",
    "_getframe": "inspects the tests' frames", "input_transformers_post": "rewrites later cells",
    "input_transformers_cleanup": "rewrites later cells", "ast_transformers": "rewrites later cells",
    "register_magic_function": "changes the shell", "kill": "sends signals to processes",
    "system": "runs shell commands", "popen": "runs shell commands", "fork": "starts processes",
}
FORBIDDEN_DUNDERS = {"__eq__", "__ne__", "__bool__", "__hash__", "__instancecheck__", "__subclasscheck__",
                     "__getattribute__", "__class__"}
FORBIDDEN_WORDS = ("gradebook", "solutions", "autograder", "HIDDEN TESTS", "nbgrader", ".ipynb")


# Chapters 01-06 ask the learner to write a part of BERT; importing a finished one is not an answer.
BUILD_IT_YOURSELF = {"transformers": "uses transformers' implementation instead of your own",
                     "tokenizers": "uses the tokenizers library instead of your own code",
                     "sentence_transformers": "uses sentence-transformers instead of your own code",
                     "bertcourse.reference": "uses the course's reference solution instead of your own code"}


def borrowed(source: str) -> list:
    """Imports of finished implementations in a cell of a build-it-yourself chapter."""
    try:
        tree = ast.parse("\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!"))))
    except SyntaxError:
        return []
    problems = []
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if isinstance(node, ast.ImportFrom) and all(a.name.endswith("Config") for a in node.names):
            continue  # configurations (BertConfig) are given, not part of the exercise
        for name in names:
            for library, why in BUILD_IT_YOURSELF.items():
                if name == library or name.startswith(library + "."):
                    problems.append(f"imports {name}: {why}")
    return problems


def imported_names(sources) -> set:
    """The names that import statements bind in these cells (`torch`, `nn`, `F`, `np`…)."""
    names = set()
    for source in sources:
        try:
            tree = ast.parse("\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!"))))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def scan(source: str, modules=frozenset()) -> list:
    """The problems found in one cell's source, each as a sentence; [] when the cell is clean.

    `modules` are names bound to imported modules elsewhere in the notebook: assigning into them is
    monkey-patching."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    problems = []
    if len(lines) != len(source.splitlines()):
        problems.append("uses IPython magics or shell escapes (% or !)")
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return problems  # a syntax error costs the student that cell's tests anyway; nothing to tamper with
    imported = set(modules)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                root = name.split(".")[0]
                if root in FORBIDDEN_MODULES:
                    problems.append(f"imports {name}: {FORBIDDEN_MODULES[root]}")
            for alias in node.names:
                imported.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            problems.append(f"uses {node.id}: {FORBIDDEN_NAMES[node.id]}")
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            problems.append(f"uses .{node.attr}: {FORBIDDEN_ATTRIBUTES[node.attr]}")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in FORBIDDEN_DUNDERS:
            problems.append(f"defines {node.name}: objects that compare or convert in unusual ways can fool tests")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for word in FORBIDDEN_WORDS:
                if word.lower() in node.value.lower():
                    problems.append(f"mentions {word!r} in a string: grading files are off limits")
    for node in ast.walk(tree):  # assigning into an imported module: monkey-patching
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            base = target
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                base = base.value
            if isinstance(target, (ast.Attribute, ast.Subscript)) and isinstance(base, ast.Name) and base.id in imported:
                problems.append(f"assigns into the imported module {base.id!r} (monkey-patching)")
    return sorted(set(problems))
