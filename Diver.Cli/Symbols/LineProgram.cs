namespace Diver.Cli.Symbols;

/// <summary>One unit of .debug_line: its header (file table) and its line-number program (DWARF 5, section 6.2).</summary>
internal static class LineProgram
{
    const int DW_LNS_copy = 1, DW_LNS_advance_pc = 2, DW_LNS_advance_line = 3, DW_LNS_set_file = 4,
        DW_LNS_const_add_pc = 8, DW_LNS_fixed_advance_pc = 9;
    const int DW_LNE_end_sequence = 1, DW_LNE_set_address = 2;
    const int DW_LNCT_path = 1, DW_LNCT_directory_index = 2;
    const int DW_FORM_block = 0x09, DW_FORM_data1 = 0x0b, DW_FORM_data2 = 0x05, DW_FORM_data4 = 0x06, DW_FORM_data8 = 0x07,
        DW_FORM_data16 = 0x1e, DW_FORM_string = 0x08, DW_FORM_strp = 0x0e, DW_FORM_line_strp = 0x1f, DW_FORM_udata = 0x0f;

    /// <summary>Reads the unit at the reader's position into <paramref name="ranges"/>; returns the offset of the next unit.</summary>
    public static int ReadUnit(DwarfReader r, byte[]? lineStrings, byte[]? strings, List<LineRange> ranges)
    {
        var (length, offsetSize) = InitialLength(r);
        var end = checked(r.Position + (int)length);
        var version = r.U16();
        if (version is < 2 or > 5) return end;
        var addressSize = 8;
        if (version >= 5)
        {
            addressSize = r.U8();
            r.U8();   // segment selector size
        }
        var headerLength = (long)r.Unsigned(offsetSize);
        var programStart = checked(r.Position + (int)headerLength);
        var header = new Header(
            MinInstructionLength: r.U8(),
            MaxOpsPerInstruction: version >= 4 ? r.U8() : (byte)1,
            DefaultIsStmt: r.U8() != 0,
            LineBase: r.S8(),
            LineRange: r.U8(),
            OpcodeBase: r.U8());
        var opcodeLengths = new byte[header.OpcodeBase];
        for (var i = 1; i < header.OpcodeBase; i++) opcodeLengths[i] = r.U8();
        var files = version >= 5 ? FilesV5(r, offsetSize, lineStrings, strings) : FilesV4(r);
        r.Position = programStart;
        Run(r, end, header, opcodeLengths, files, addressSize, ranges);
        return end;
    }

    sealed record Header(byte MinInstructionLength, byte MaxOpsPerInstruction, bool DefaultIsStmt, sbyte LineBase, byte LineRange, byte OpcodeBase);

    static (ulong Length, int OffsetSize) InitialLength(DwarfReader r)
    {
        var length = r.U32();
        return length == 0xffffffff ? (r.U64(), 8) : (length, 4);
    }

    /// <summary>DWARF 2-4: directories then files as strings; file 1 is the first entry, directory 0 the compilation directory.</summary>
    static List<string> FilesV4(DwarfReader r)
    {
        var directories = new List<string> { "" };
        for (var dir = r.CString(); dir.Length > 0; dir = r.CString())
            directories.Add(dir);
        var files = new List<string> { "" };
        for (var name = r.CString(); name.Length > 0; name = r.CString())
        {
            var dirIndex = (int)r.Uleb();
            r.Uleb(); r.Uleb();   // modification time, length
            files.Add(Join(dirIndex < directories.Count ? directories[dirIndex] : "", name));
        }
        return files;
    }

    /// <summary>DWARF 5: self-describing entry formats; file 0 is the primary source, directory 0 the compilation directory.</summary>
    static List<string> FilesV5(DwarfReader r, int offsetSize, byte[]? lineStrings, byte[]? strings)
    {
        var directories = Entries(r, offsetSize, lineStrings, strings).Select(e => e.Path).ToList();
        return Entries(r, offsetSize, lineStrings, strings)
            .Select(e => Join(e.Directory < directories.Count ? directories[e.Directory] : "", e.Path))
            .ToList();
    }

    static List<(string Path, int Directory)> Entries(DwarfReader r, int offsetSize, byte[]? lineStrings, byte[]? strings)
    {
        var formats = new List<(ulong Content, ulong Form)>();
        var formatCount = r.U8();
        for (var i = 0; i < formatCount; i++) formats.Add((r.Uleb(), r.Uleb()));
        var count = r.Uleb();
        var entries = new List<(string, int)>();
        for (ulong n = 0; n < count; n++)
        {
            string path = "";
            var directory = 0;
            foreach (var (content, form) in formats)
            {
                var (text, number) = Form(r, form, offsetSize, lineStrings, strings);
                if (content == DW_LNCT_path) path = text ?? "";
                else if (content == DW_LNCT_directory_index) directory = (int)number;
            }
            entries.Add((path, directory));
        }
        return entries;
    }

    static (string? Text, ulong Number) Form(DwarfReader r, ulong form, int offsetSize, byte[]? lineStrings, byte[]? strings)
    {
        switch (form)
        {
            case DW_FORM_string: return (r.CString(), 0);
            case DW_FORM_line_strp: return (DwarfReader.StringAt(lineStrings, r.Unsigned(offsetSize)), 0);
            case DW_FORM_strp: return (DwarfReader.StringAt(strings, r.Unsigned(offsetSize)), 0);
            case DW_FORM_udata: return (null, r.Uleb());
            case DW_FORM_data1: return (null, r.U8());
            case DW_FORM_data2: return (null, r.U16());
            case DW_FORM_data4: return (null, r.U32());
            case DW_FORM_data8: return (null, r.U64());
            case DW_FORM_data16: r.Skip(16); return (null, 0);
            case DW_FORM_block: r.Skip((long)r.Uleb()); return (null, 0);
            default: throw new InvalidDataException($"unsupported form 0x{form:x} in a line table header");
        }
    }

    static string Join(string directory, string name) =>
        directory.Length == 0 || name.StartsWith('/') ? name : directory.TrimEnd('/') + "/" + name;

    /// <summary>The line-number state machine: each emitted row closes the range opened by the previous one.</summary>
    static void Run(DwarfReader r, int end, Header h, byte[] opcodeLengths, List<string> files, int addressSize, List<LineRange> ranges)
    {
        ulong address = 0;
        var file = 1;
        var line = 1;
        (ulong Address, int File, int Line)? previous = null;

        void Emit(bool endSequence)
        {
            if (previous is { } p && address > p.Address && p.File >= 0 && p.File < files.Count)
                ranges.Add(new LineRange(p.Address, address, new SourceLine(files[p.File], p.Line)));
            previous = endSequence ? null : (address, file, line);
        }

        while (r.Position < end)
        {
            var opcode = r.U8();
            if (opcode >= h.OpcodeBase)
            {
                var adjusted = opcode - h.OpcodeBase;
                address += (ulong)(adjusted / h.LineRange * h.MinInstructionLength);
                line += h.LineBase + adjusted % h.LineRange;
                Emit(false);
                continue;
            }
            switch (opcode)
            {
                case 0:
                    var length = (long)r.Uleb();
                    var next = r.Position + length;
                    var sub = r.U8();
                    if (sub == DW_LNE_end_sequence)
                    {
                        Emit(true);
                        address = 0; file = 1; line = 1;
                    }
                    else if (sub == DW_LNE_set_address)
                        address = r.Unsigned((int)Math.Min(length - 1, addressSize));
                    r.Position = checked((int)next);
                    break;
                case DW_LNS_copy: Emit(false); break;
                case DW_LNS_advance_pc: address += r.Uleb() * h.MinInstructionLength; break;
                case DW_LNS_advance_line: line += (int)r.Sleb(); break;
                case DW_LNS_set_file: file = (int)r.Uleb(); break;
                case DW_LNS_const_add_pc: address += (ulong)((255 - h.OpcodeBase) / h.LineRange * h.MinInstructionLength); break;
                case DW_LNS_fixed_advance_pc: address += r.U16(); break;
                default:
                    // Opcodes without an effect on addresses or lines (set_column, negate_stmt, ...) or unknown ones: skip their operands.
                    for (var i = 0; i < opcodeLengths[opcode]; i++) r.Uleb();
                    break;
            }
        }
    }
}
