"""A small ELF32 reader: sections, symbols and the bytes at an address.

Only what the WCET analyser needs (big-endian PowerPC executables, but any
ELF32 parses).  Every malformed or truncated file raises ElfError with a
message that names the problem.
"""
import struct

EM_PPC = 20
SHT_NOBITS = 8
SHT_SYMTAB = 2
SHF_ALLOC = 0x2
SHF_EXECINSTR = 0x4
STT_NOTYPE, STT_OBJECT, STT_FUNC, STT_SECTION, STT_FILE = 0, 1, 2, 3, 4
SHN_UNDEF = 0
SHN_LORESERVE = 0xFF00


class ElfError(Exception):
    pass


class Section:
    def __init__(self, name, sh_type, flags, addr, offset, size, link, data):
        self.name = name
        self.type = sh_type
        self.flags = flags
        self.addr = addr
        self.offset = offset
        self.size = size
        self.link = link
        self.data = data  # bytes (b"" for NOBITS)

    @property
    def executable(self):
        return bool(self.flags & SHF_EXECINSTR) and bool(self.flags & SHF_ALLOC)

    def __repr__(self):
        return "Section(%s, 0x%x, %d)" % (self.name, self.addr, self.size)


class Symbol:
    def __init__(self, name, value, size, sym_type, bind, shndx):
        self.name = name
        self.value = value
        self.size = size
        self.type = sym_type
        self.bind = bind
        self.shndx = shndx

    def __repr__(self):
        return "Symbol(%s, 0x%x)" % (self.name, self.value)


class Elf:
    """An ELF32 file parsed from bytes (see load())."""

    def __init__(self, data, path="<bytes>"):
        self.path = path
        self.data = data
        try:
            self._parse()
        except struct.error:
            raise ElfError("%s: truncated ELF file" % path)

    def _parse(self):
        d, path = self.data, self.path
        if d[:4] != b"\x7fELF":
            raise ElfError("%s: not an ELF file" % path)
        if len(d) < 52:
            raise ElfError("%s: truncated ELF file" % path)
        if d[4] != 1:
            raise ElfError("%s: not a 32-bit ELF file (EI_CLASS=%d)" % (path, d[4]))
        if d[5] not in (1, 2):
            raise ElfError("%s: bad ELF data encoding %d" % (path, d[5]))
        self.endian = ">" if d[5] == 2 else "<"
        e = self.endian
        (self.e_type, self.machine, _version, self.entry, _phoff, shoff, _flags,
         _ehsize, _phentsize, _phnum, shentsize, shnum, shstrndx) = struct.unpack_from(
             e + "HHIIIIIHHHHHH", d, 16)
        if shoff == 0 or shnum == 0:
            raise ElfError("%s: no section headers" % path)
        if shentsize < 40:
            raise ElfError("%s: bad section header size %d" % (path, shentsize))
        if shoff + shnum * shentsize > len(d):
            raise ElfError("%s: section headers lie beyond the end of the file" % path)
        raw = []
        for i in range(shnum):
            raw.append(struct.unpack_from(e + "IIIIIIIIII", d, shoff + i * shentsize))
        if shstrndx >= shnum:
            raise ElfError("%s: bad section name table index %d" % (path, shstrndx))
        names = self._contents(raw[shstrndx])
        self.sections = []
        for i, (name, sh_type, flags, addr, offset, size, link, _info, _al, _es) in enumerate(raw):
            data = b"" if sh_type == SHT_NOBITS else self._contents(raw[i])
            self.sections.append(Section(_cstr(names, name, path), sh_type, flags, addr,
                                         offset, size, link, data))
        self.symbols = []
        for sec in self.sections:
            if sec.type == SHT_SYMTAB:
                self._parse_symbols(sec)

    def _contents(self, hdr):
        sh_type, offset, size = hdr[1], hdr[4], hdr[5]
        if sh_type == SHT_NOBITS:
            return b""
        if offset + size > len(self.data):
            raise ElfError("%s: section contents lie beyond the end of the file" % self.path)
        return self.data[offset:offset + size]

    def _parse_symbols(self, sec):
        if sec.link >= len(self.sections):
            raise ElfError("%s: symbol table has a bad string table link" % self.path)
        strtab = self.sections[sec.link].data
        e = self.endian
        for off in range(16, len(sec.data) - 15, 16):  # entry 0 is the null symbol
            name, value, size, info, _other, shndx = struct.unpack_from(e + "IIIBBH", sec.data, off)
            self.symbols.append(Symbol(_cstr(strtab, name, self.path), value, size,
                                       info & 0xF, info >> 4, shndx))

    # ---- queries -------------------------------------------------------
    def section(self, name):
        for s in self.sections:
            if s.name == name:
                return s
        return None

    def symbol(self, name):
        for s in self.symbols:
            if s.name == name and s.shndx != SHN_UNDEF:
                return s
        return None

    def section_at(self, addr):
        """The allocated section (with contents) holding addr, or None."""
        for s in self.sections:
            if s.flags & SHF_ALLOC and s.type != SHT_NOBITS and s.addr <= addr < s.addr + s.size:
                return s
        return None

    def read(self, addr, n):
        s = self.section_at(addr)
        if s is None or addr + n > s.addr + s.size:
            raise ElfError("%s: no contents at 0x%08x (+%d)" % (self.path, addr, n))
        off = addr - s.addr
        return s.data[off:off + n]

    def word(self, addr):
        return struct.unpack(self.endian + "I", self.read(addr, 4))[0]

    def exec_sections(self):
        return [s for s in self.sections if s.executable and s.type != SHT_NOBITS and s.size]

    def code_symbols(self):
        """Symbols that start code: function or untyped symbols defined in an
        executable section (not section/file symbols, not local .L labels)."""
        out = []
        for sym in self.symbols:
            if sym.type not in (STT_NOTYPE, STT_FUNC) or sym.shndx in (SHN_UNDEF,) \
                    or sym.shndx >= SHN_LORESERVE or sym.shndx >= len(self.sections):
                continue
            if not sym.name or sym.name.startswith((".L", "$")):
                continue
            if self.sections[sym.shndx].executable:
                out.append(sym)
        return out


def load(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ElfError("%s: cannot read: %s" % (path, e.strerror))
    return Elf(data, path)


def _cstr(table, off, path):
    if off >= len(table) and off != 0:
        raise ElfError("%s: string offset %d outside its table" % (path, off))
    end = table.find(b"\0", off)
    if end < 0:
        end = len(table)
    return table[off:end].decode("latin-1")
