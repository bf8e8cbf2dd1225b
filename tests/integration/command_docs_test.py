"""COMMAND DOCS compatibility: for every command shoal-node lists, the raw
RESP2 reply of `COMMAND DOCS <name>` must be byte-identical to the reference
redis-server's (summary, since, group, complexity, doc_flags, history,
arguments and subcommands, in Redis's order). Only the order of a container's
subcommands is free, as it is in Redis."""

import unittest

from harness import NodeAndReferenceTestCase, connect, encode_command, read_until

# shoal-node also has CLIENT SETINFO, a Redis 7.2 subcommand the 7.0
# reference does not know: it is not compared on its own, and it is left out
# of the CLIENT container's "subcommands" map before that is compared.
EXTRA_SUBCOMMANDS = {b"client|setinfo"}
# Redis 7.0 subcommands shoal-node does not have, left out of the reference's
# container map.
MISSING_SUBCOMMANDS = set()


def resp_end(data, pos=0):
    """Offset just past the RESP2 (or RESP3 map/set) value starting at data[pos], or None if
    data does not hold the whole value yet."""
    stack = [1]  # values still to read at each nesting level
    while stack:
        eol = data.find(b"\r\n", pos)
        if eol < 0:
            return None
        kind, rest = data[pos:pos + 1], data[pos + 1:eol]
        pos = eol + 2
        stack[-1] -= 1
        if kind == b"$" and int(rest) >= 0:
            pos += int(rest) + 2
            if pos > len(data):
                return None
        elif kind in (b"*", b"~") and int(rest) > 0:
            stack.append(int(rest))
        elif kind == b"%" and int(rest) > 0:
            stack.append(2 * int(rest))
        while stack and stack[-1] == 0:
            stack.pop()
    return pos


def parse(data, pos=0):
    """(value, end) of the RESP2 value at data[pos]: arrays as lists, every
    other value as its raw bytes."""
    eol = data.index(b"\r\n", pos)
    kind, rest = data[pos:pos + 1], data[pos + 1:eol]
    if kind == b"*" and int(rest) >= 0:
        items, end = [], eol + 2
        for _ in range(int(rest)):
            item, end = parse(data, end)
            items.append(item)
        return items, end
    end = eol + 2 + (int(rest) + 2 if kind == b"$" and int(rest) >= 0 else 0)
    return data[pos:end], end


def serialize(value):
    if isinstance(value, list):
        return b"*%d\r\n" % len(value) + b"".join(serialize(v) for v in value)
    return value


SUBCOMMANDS = b"$11\r\nsubcommands\r\n"


def sort_subcommands(value, drop=()):
    """Redis lists a container's subcommands in its hash table's order,
    which changes from run to run (the nondeterministic_output_order tip), so
    subcommand maps are compared sorted by name; everything else keeps its
    order. Subcommands named in `drop` are left out."""
    if not isinstance(value, list):
        return value
    value = [sort_subcommands(v, drop) for v in value]
    for i in range(0, len(value) - 1):
        if value[i] == SUBCOMMANDS and isinstance(value[i + 1], list):
            pairs = [value[i + 1][j:j + 2] for j in range(0, len(value[i + 1]), 2)]
            pairs = [p for p in pairs if p[0].split(b"\r\n")[1] not in drop]
            pairs.sort(key=lambda pair: pair[0])
            value[i + 1] = [item for pair in pairs for item in pair]
    return value


def canonical(reply, drop=()):
    value, end = parse(reply)
    assert end == len(reply), reply
    return serialize(sort_subcommands(value, drop))


def complete(data):
    return resp_end(data) is not None


def query(sock, *args):
    sock.sendall(encode_command(*args))
    return read_until(sock, complete)


def parse_flat_strings(reply):
    """The bulk strings of a flat RESP2 array reply."""
    items = []
    pos = reply.index(b"\r\n") + 2
    while pos < len(reply):
        eol = reply.index(b"\r\n", pos)
        length = int(reply[pos + 1:eol])
        items.append(reply[eol + 2:eol + 2 + length].decode())
        pos = eol + 2 + length + 2
    return items


class CommandDocsTest(NodeAndReferenceTestCase):
    def command_names(self):
        with connect(self.node.port) as s:
            names = parse_flat_strings(query(s, "COMMAND", "LIST"))
        # Each subcommand is compared alone as well as inside its container.
        names += [name.split("|")[0] for name in names if "|" in name]
        self.assertGreater(len(names), 50)
        return sorted(set(names))

    def test_docs_match_reference_byte_for_byte(self):
        names = self.command_names()
        compared = 0
        with connect(self.node.port) as ns, connect(self.ref.port) as rs:
            for name in names:
                if name.encode() in EXTRA_SUBCOMMANDS:
                    continue
                with self.subTest(command=name):
                    ours = query(ns, "COMMAND", "DOCS", name)
                    theirs = query(rs, "COMMAND", "DOCS", name)
                    self.assertNotEqual(theirs, b"*0\r\n", f"reference does not know {name}")
                    if SUBCOMMANDS in theirs:
                        ours = canonical(ours, drop=EXTRA_SUBCOMMANDS)
                        theirs = canonical(theirs, drop=MISSING_SUBCOMMANDS)
                    self.assertEqual(ours, theirs)
                    compared += 1
        self.assertGreater(compared, 50)

    def test_resp3_docs_match_reference(self):
        # RESP3 adds maps and sets (the docs, "history", "flags"); compare the
        # commands without subcommands, whose replies have a fixed order.
        compared = 0
        with connect(self.node.port) as ns, connect(self.ref.port) as rs:
            for sock in (ns, rs):
                query(sock, "HELLO", "3")
            for name in self.command_names():
                if name.encode() in EXTRA_SUBCOMMANDS:
                    continue
                with self.subTest(command=name):
                    theirs = query(rs, "COMMAND", "DOCS", name)
                    if SUBCOMMANDS in theirs:
                        continue
                    self.assertEqual(query(ns, "COMMAND", "DOCS", name), theirs)
                    compared += 1
        self.assertGreater(compared, 50)

    def test_extra_subcommand_documents_its_arguments(self):
        with connect(self.node.port) as s:
            reply = query(s, "COMMAND", "DOCS", "client|setinfo")
        self.assertIn(b"$9\r\narguments\r\n", reply)
        self.assertIn(b"$8\r\nLIB-NAME\r\n", reply)


if __name__ == "__main__":
    unittest.main()
