"""A .debug_line reader (DWARF 2 to 5): address -> source lines.

Used to find the source line (and so the @wcet annotation) of every
instruction.  Handles the line-number program of every unit in the
section; DWARF 5 directory/file tables with the forms GCC and GNU as emit.
"""
import os
import struct

from elfread import ElfError

DW_LNS_copy, DW_LNS_advance_pc, DW_LNS_advance_line, DW_LNS_set_file = 1, 2, 3, 4
DW_LNS_set_column, DW_LNS_negate_stmt, DW_LNS_set_basic_block = 5, 6, 7
DW_LNS_const_add_pc, DW_LNS_fixed_advance_pc = 8, 9
DW_LNE_end_sequence, DW_LNE_set_address, DW_LNE_define_file = 1, 2, 3

DW_LNCT_path, DW_LNCT_directory_index = 1, 2
DW_FORM_block, DW_FORM_data1, DW_FORM_data2, DW_FORM_data4 = 0x09, 0x0b, 0x05, 0x06
DW_FORM_data8, DW_FORM_string, DW_FORM_strp, DW_FORM_udata = 0x07, 0x08, 0x0e, 0x0f
DW_FORM_line_strp, DW_FORM_data16, DW_FORM_sdata = 0x1f, 0x1e, 0x0d


class Reader:
    def __init__(self, data, pos, endian):
        self.d, self.pos, self.e = data, pos, endian

    def u(self, fmt):
        v = struct.unpack_from(self.e + fmt, self.d, self.pos)[0]
        self.pos += struct.calcsize(fmt)
        return v

    def uleb(self):
        result = shift = 0
        while True:
            b = self.d[self.pos]
            self.pos += 1
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return result

    def sleb(self):
        result = shift = 0
        while True:
            b = self.d[self.pos]
            self.pos += 1
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                if b & 0x40:
                    result -= 1 << shift
                return result

    def cstr(self):
        end = self.d.index(b"\0", self.pos)
        s = self.d[self.pos:end].decode("utf-8", "replace")
        self.pos = end + 1
        return s


def _str_at(section, off):
    if section is None or off >= len(section.data):
        raise ElfError("DWARF string offset 0x%x outside its section" % off)
    end = section.data.index(b"\0", off)
    return section.data[off:end].decode("utf-8", "replace")


def line_table(elf):
    """{address: set((path, line))} for every address the line programs
    cover (every row of a zero-length range joins the instruction at its
    address).  Paths are as the unit records them (directory joined with
    the file name; relative ones relative to the compilation directory).
    Returns None when the ELF has no .debug_line."""
    sec = elf.section(".debug_line")
    if sec is None:
        return None
    try:
        return _parse(elf, sec)
    except (struct.error, IndexError, ValueError):
        raise ElfError("%s: malformed .debug_line" % elf.path)


def _parse(elf, sec):
    data, e = sec.data, elf.endian
    line_str, dstr = elf.section(".debug_line_str"), elf.section(".debug_str")
    table = {}
    pos = 0
    while pos < len(data):
        r = Reader(data, pos, e)
        unit_length = r.u("I")
        offsz = 4
        if unit_length == 0xFFFFFFFF:
            unit_length, offsz = r.u("Q"), 8
        end = r.pos + unit_length
        version = r.u("H")
        if version < 2 or version > 5:
            raise ElfError("%s: unsupported DWARF line table version %d" % (elf.path, version))
        if version >= 5:
            r.u("B")  # address_size
            r.u("B")  # segment_selector_size
        header_length = r.u("I" if offsz == 4 else "Q")
        prog = r.pos + header_length
        min_inst = r.u("B")
        if version >= 4:
            r.u("B")  # maximum_operations_per_instruction (1: not VLIW)
        r.u("B")  # default_is_stmt
        line_base = r.u("b")
        line_range = r.u("B")
        opcode_base = r.u("B")
        std_lengths = [r.u("B") for _ in range(opcode_base - 1)]
        if version >= 5:
            dirs = [d.get(DW_LNCT_path, "") for d in _v5_entries(r, offsz, line_str, dstr)]
            files = []
            for ent in _v5_entries(r, offsz, line_str, dstr):
                name = ent.get(DW_LNCT_path, "")
                d = dirs[ent.get(DW_LNCT_directory_index, 0)] if dirs else ""
                files.append(_join(d, name))
        else:
            dirs = [""]
            while True:
                s = r.cstr()
                if not s:
                    break
                dirs.append(s)
            files = [None]  # file numbers start at 1
            while True:
                name = r.cstr()
                if not name:
                    break
                di = r.uleb()
                r.uleb()
                r.uleb()
                files.append(_join(dirs[di] if di < len(dirs) else "", name))
        r.pos = prog
        _run(r, end, files, min_inst, line_base, line_range, opcode_base, std_lengths, table)
        pos = end
    return table


def _v5_entries(r, offsz, line_str, dstr):
    """One DWARF 5 directory or file table: [{content type: value}]."""
    count = r.u("B")
    fmt = [(r.uleb(), r.uleb()) for _ in range(count)]
    out = []
    for _ in range(r.uleb()):
        out.append({ct: _form(r, form, offsz, line_str, dstr) for ct, form in fmt})
    return out


def _form(r, form, offsz, line_str, dstr):
    if form == DW_FORM_string:
        return r.cstr()
    if form == DW_FORM_line_strp:
        return _str_at(line_str, r.u("I" if offsz == 4 else "Q"))
    if form == DW_FORM_strp:
        return _str_at(dstr, r.u("I" if offsz == 4 else "Q"))
    if form == DW_FORM_udata:
        return r.uleb()
    if form == DW_FORM_sdata:
        return r.sleb()
    if form == DW_FORM_data1:
        return r.u("B")
    if form == DW_FORM_data2:
        return r.u("H")
    if form == DW_FORM_data4:
        return r.u("I")
    if form == DW_FORM_data8:
        return r.u("Q")
    if form == DW_FORM_data16:
        r.pos += 16
        return None
    if form == DW_FORM_block:
        n = r.uleb()
        r.pos += n
        return None
    raise ValueError("unsupported DWARF form 0x%x in a line table header" % form)


def _join(d, name):
    if not d or os.path.isabs(name):
        return os.path.normpath(name)
    return os.path.normpath(os.path.join(d, name))


def _run(r, end, files, min_inst, line_base, line_range, opcode_base, std_lengths, table):
    rows = []  # of the current sequence: (address, file, line)

    def reset():
        return {"addr": 0, "file": 1, "line": 1}

    st = reset()

    def emit():
        rows.append((st["addr"], st["file"], st["line"]))

    def flush(end_addr):
        for i, (addr, fidx, line) in enumerate(rows):
            nxt = rows[i + 1][0] if i + 1 < len(rows) else end_addr
            path = files[fidx] if 0 <= fidx < len(files) else None
            if path is None:
                continue
            key = (path, line)
            if nxt <= addr:
                table.setdefault(addr, set()).add(key)
            else:
                for a in range(addr, nxt, 4):
                    table.setdefault(a, set()).add(key)
        del rows[:]

    while r.pos < end:
        op = r.u("B")
        if op >= opcode_base:
            adj = op - opcode_base
            st["addr"] += min_inst * (adj // line_range)
            st["line"] += line_base + adj % line_range
            emit()
        elif op == 0:
            n = r.uleb()
            sub_end = r.pos + n
            sub = r.u("B")
            if sub == DW_LNE_end_sequence:
                flush(st["addr"])
                st = reset()
            elif sub == DW_LNE_set_address:
                size = n - 1
                st["addr"] = r.u({4: "I", 8: "Q", 2: "H"}[size])
            elif sub == DW_LNE_define_file:
                name = r.cstr()
                r.uleb()
                r.uleb()
                r.uleb()
                files.append(name)
            r.pos = sub_end
        elif op == DW_LNS_copy:
            emit()
        elif op == DW_LNS_advance_pc:
            st["addr"] += min_inst * r.uleb()
        elif op == DW_LNS_advance_line:
            st["line"] += r.sleb()
        elif op == DW_LNS_set_file:
            st["file"] = r.uleb()
        elif op == DW_LNS_const_add_pc:
            st["addr"] += min_inst * ((255 - opcode_base) // line_range)
        elif op == DW_LNS_fixed_advance_pc:
            st["addr"] += r.u("H")
        elif op in (DW_LNS_set_column,):
            r.uleb()
        elif op in (DW_LNS_negate_stmt, DW_LNS_set_basic_block):
            pass
        else:
            for _ in range(std_lengths[op - 1]):
                r.uleb()
    if rows:
        flush(st["addr"])
