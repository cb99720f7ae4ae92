#!/usr/bin/env python3
"""See scripts/check-structure. Prints every finding; exits 1 if there is one."""
import os, re, sys

SRC = 'src'
LIMIT = 100
ALLOW = 'scripts/long-functions.txt'
problems = []


def rust_files(root):
    for d, _, fs in os.walk(root):
        for f in sorted(fs):
            if f.endswith('.rs'):
                yield os.path.join(d, f)


def without_tests(src):
    """The file's code before its `#[cfg(test)] mod tests` (tests sit last and may import
    anything)."""
    i = src.find('#[cfg(test)]\nmod tests')
    return src if i < 0 else src[:i]


# --- import cycles -------------------------------------------------------------------------
def modules():
    mods = {}
    for p in rust_files(SRC):
        if '/bin/' in p:
            continue
        rel = os.path.relpath(p, SRC)[:-3].split(os.sep)
        if rel[-1] == 'mod':
            rel = rel[:-1]
        if rel in (['lib'], ['main']):
            continue
        mods['::'.join(rel)] = re.sub(r'//.*', '', without_tests(open(p).read()))
    return mods


def import_graph(mods):
    names = set(mods)

    def resolve(path):
        parts = path.split('::')
        for n in range(len(parts), 0, -1):
            cand = '::'.join(parts[:n])
            if cand in names:
                return cand
        return None

    graph = {}
    for m, src in mods.items():
        deps = set()
        for path in re.findall(r'crate::((?:[a-z_0-9]+::)*[a-z_0-9]+)', src):
            r = resolve(path)
            if r and r != m:
                deps.add(r)
        parent = m.rsplit('::', 1)[0] if '::' in m else ''
        for path in re.findall(r'\bsuper::((?:[a-z_0-9]+::)*[a-z_0-9]+)', src):
            r = resolve((parent + '::' if parent else '') + path)
            if r and r != m:
                deps.add(r)
        for child in names:
            if child.startswith(m + '::') and child.count('::') == m.count('::') + 1:
                leaf = child.rsplit('::', 1)[1]
                if re.search(r'(?<![:\w])' + leaf + r'::', src):
                    deps.add(child)
        # A folder is one room: its mod.rs and its files may use each other. Cycles that matter
        # run between rooms, so an edge to one's own folder (an ancestor) is not counted.
        graph[m] = {d for d in deps if not m.startswith(d + '::')}
    return graph


def cycles(graph):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


graph = import_graph(modules())
for comp in cycles(graph):
    edges = '; '.join(f"{a} -> {', '.join(sorted(d for d in graph[a] if d in comp))}" for a in comp)
    problems.append(f'import cycle between {", ".join(comp)} ({edges})')


# --- long functions ------------------------------------------------------------------------
def functions(path):
    lines = without_tests(open(path).read()).split('\n')
    out = []
    for i, l in enumerate(lines):
        m = re.match(r'^\s*(pub(\([a-z]+\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+([a-z_0-9]+)', l)
        if not m:
            continue
        depth, started, j = 0, False, i
        while j < len(lines):
            t = re.sub(r'"(\\.|[^"\\])*"', '""', lines[j])
            t = re.sub(r"'(\\.|[^'\\])'", "''", t).split('//')[0]
            if not started and ';' in t and '{' not in t:
                break
            for ch in t:
                if ch == '{':
                    depth, started = depth + 1, True
                elif ch == '}':
                    depth -= 1
            if started and depth <= 0:
                break
            j += 1
        if started:
            out.append((m.group(6), i + 1, j - i + 1))
    return out


allowed = {}
if os.path.exists(ALLOW):
    for line in open(ALLOW):
        line = line.split('#')[0].split()
        if len(line) == 3:
            allowed[(line[0], line[1])] = int(line[2])
for p in rust_files(SRC):
    if '/bin/' in p:
        continue  # the bench binary
    for name, line, n in functions(p):
        ceiling = allowed.get((p, name), LIMIT)
        if n > ceiling:
            more = f' (listed at {ceiling}: it may only shrink)' if ceiling != LIMIT else ''
            problems.append(f'{p}:{line}: fn {name} is {n} lines, over {LIMIT}{more}; split it')

# --- the roads -----------------------------------------------------------------------------
for p in rust_files(SRC):
    code = without_tests(open(p).read())
    if re.search(r'\binsert_outbox\s*\(', code) and not p.startswith(('src/outgoing.rs', 'src/store/')):
        problems.append(f'{p}: calls insert_outbox; queue mail through outgoing::queue')
    if re.search(r'classify::classify\s*\(', code) and not p.startswith(('src/intake.rs', 'src/routing/')):
        problems.append(f'{p}: calls the classifier; go through intake')
    # SQL lives in the store, so a second backend (issue 15) has one place to answer for.
    if re.search(r'\bsqlx::query(_as|_scalar)?\b', code) and not p.startswith(('src/store/', 'src/bin/')):
        problems.append(f'{p}: runs SQL; add a function to store/ and call it')

for line in problems:
    print(line)
if problems:
    sys.exit(1)
print(f'structure: {len(graph)} modules, no import cycle; functions within their limits; one road in, one out; SQL only in store')
