//! Just enough of the Wasm binary format to say how big each function is (the code section's
//! bodies, and the names from the `name` custom section, present in a copy optimized with `-g`),
//! to give the functions other names, which is how [`crate::layout`] tells wasm-opt an order, and
//! to rename imports and drop tool sections in the modules that ship.

use std::collections::HashMap;

use crate::{error, Result};

/// One function's body in the code section.
#[derive(Debug, PartialEq)]
pub struct FunctionSize {
    /// From the name section, or `func[index]` when it has none.
    pub name: String,
    /// The body's size in bytes, as stored.
    pub bytes: usize,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8> {
        let b = *self.bytes.get(self.at).ok_or_else(|| error("wasm: unexpected end"))?;
        self.at += 1;
        Ok(b)
    }

    /// An unsigned LEB128 number (u32 and u64 fields alike).
    fn leb(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(error("wasm: LEB128 number too long"))
    }

    fn len(&mut self) -> Result<usize> {
        usize::try_from(self.leb()?).map_err(|_| error("wasm: length too large"))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).ok_or_else(|| error("wasm: length overflow"))?;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| error("wasm: unexpected end"))?;
        self.at = end;
        Ok(slice)
    }

    fn name(&mut self) -> Result<String> {
        let n = self.len()?;
        Ok(String::from_utf8_lossy(self.take(n)?).into_owned())
    }

    fn limits(&mut self) -> Result {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        Ok(())
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }
}

/// The defined functions of a module.
pub struct Functions<'a> {
    /// How many functions are imported; their indices come before the defined ones'.
    pub imported: usize,
    /// Each defined function's body as stored (locals and code, without the size), in index order.
    pub bodies: Vec<&'a [u8]>,
    /// Names by function index, from the `name` section.
    pub names: HashMap<usize, String>,
}

/// A section: its id, its payload, and the whole section as stored.
type Section<'a> = (u8, &'a [u8], &'a [u8]);

/// Reads the sections of `module`.
fn sections(module: &[u8]) -> Result<Vec<Section<'_>>> {
    let mut r = Reader { bytes: module, at: 0 };
    if r.take(8)? != b"\0asm\x01\0\0\0" {
        return Err(error("not a Wasm module (version 1)"));
    }
    let mut out = Vec::new();
    while !r.done() {
        let start = r.at;
        let id = r.byte()?;
        let size = r.len()?;
        let payload = r.take(size)?;
        out.push((id, payload, module.get(start..r.at).unwrap_or_default()));
    }
    Ok(out)
}

/// Whether a section is the `name` custom section.
fn is_name_section(id: u8, payload: &[u8]) -> bool {
    let mut r = Reader { bytes: payload, at: 0 };
    id == 0 && r.name().is_ok_and(|n| n == "name")
}

/// The defined functions of `module`.
pub fn functions(module: &[u8]) -> Result<Functions<'_>> {
    let mut functions = Functions {
        imported: 0,
        bodies: Vec::new(),
        names: HashMap::new(),
    };
    for (id, payload, _) in sections(module)? {
        let mut section = Reader { bytes: payload, at: 0 };
        match id {
            2 => functions.imported = count_imported_functions(&mut section)?,
            10 => {
                for _ in 0..section.len()? {
                    let body = section.len()?;
                    functions.bodies.push(section.take(body)?);
                }
            }
            0 if section.name()? == "name" => {
                while !section.done() {
                    let sub = section.byte()?;
                    let sub_size = section.len()?;
                    let mut sub_reader = Reader {
                        bytes: section.take(sub_size)?,
                        at: 0,
                    };
                    if sub == 1 {
                        for _ in 0..sub_reader.len()? {
                            let index = sub_reader.len()?;
                            functions.names.insert(index, sub_reader.name()?);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(functions)
}

/// `module` with its `name` section (if any) replaced by one that gives each function index in
/// `names` its name, and names nothing else.
pub fn with_function_names(module: &[u8], names: &[(usize, String)]) -> Result<Vec<u8>> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    for (id, payload, whole) in sections(module)? {
        if !is_name_section(id, payload) {
            out.extend_from_slice(whole);
        }
    }
    let mut list = Vec::new();
    write_leb(names.len(), &mut list);
    for (index, name) in names {
        write_leb(*index, &mut list);
        write_leb(name.len(), &mut list);
        list.extend_from_slice(name.as_bytes());
    }
    let mut payload = Vec::new();
    write_leb(4, &mut payload);
    payload.extend_from_slice(b"name");
    payload.push(1);
    write_leb(list.len(), &mut payload);
    payload.extend(list);
    out.push(0);
    write_leb(payload.len(), &mut out);
    out.extend(payload);
    Ok(out)
}

/// The custom sections that only describe how a module was made: `producers` (the compilers and
/// their versions) and `target_features` (the features it was compiled with, for linkers). No
/// runtime reads them, and together they are some 200 bytes of every page's gzipped download.
const TOOL_SECTIONS: [&str; 2] = ["producers", "target_features"];

/// `module` without the [`TOOL_SECTIONS`]; every other section is copied byte for byte.
pub fn without_tool_sections(module: &[u8]) -> Result<Vec<u8>> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    for (id, payload, whole) in sections(module)? {
        let mut r = Reader { bytes: payload, at: 0 };
        let tool = id == 0 && r.name().is_ok_and(|n| TOOL_SECTIONS.contains(&n.as_str()));
        if !tool {
            out.extend_from_slice(whole);
        }
    }
    Ok(out)
}

/// Old and new names.
pub type Renames = Vec<(String, String)>;

/// `module` with every import of `from` (the JS glue's module) imported from `to` under a short
/// name instead: wasm-bindgen names each import after its function plus a 16-digit hash, which
/// neither the module nor the glue compresses. Returns the module and each import's old and new
/// name, in import order, for the glue. The new names are `_0`, `_1`, ... `_z`, `_10`, ... (base
/// 36), which JavaScript takes as plain property names. Only the import section changes.
pub fn with_short_imports(module: &[u8], from: &str, to: &str) -> Result<(Vec<u8>, Renames)> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    let mut renamed = Vec::new();
    for (id, payload, whole) in sections(module)? {
        if id != 2 {
            out.extend_from_slice(whole);
            continue;
        }
        let mut r = Reader { bytes: payload, at: 0 };
        let count = r.len()?;
        let mut imports = Vec::new();
        write_leb(count, &mut imports);
        for _ in 0..count {
            let mut module_name = r.name()?;
            let mut field = r.name()?;
            let start = r.at;
            skip_import_kind(&mut r)?;
            let kind = payload.get(start..r.at).unwrap_or_default();
            if module_name == from {
                let short = format!("_{}", base36(renamed.len()));
                renamed.push((std::mem::replace(&mut field, short), field.clone()));
                module_name = to.to_string();
            }
            for name in [&module_name, &field] {
                write_leb(name.len(), &mut imports);
                imports.extend_from_slice(name.as_bytes());
            }
            imports.extend_from_slice(kind);
        }
        if !r.done() {
            return Err(error("wasm: bytes after the last import"));
        }
        out.push(2);
        write_leb(imports.len(), &mut out);
        out.extend(imports);
    }
    Ok((out, renamed))
}

/// `module` with its exports renamed `_0`, `_1`, ... (base 36) in export order, all but those
/// in `keep`: wasm-bindgen exports each method as `class_method`, and closures' shims with a hash.
/// Returns the module and each renamed export's old and new name. Only the export section
/// changes.
pub fn with_short_exports(module: &[u8], keep: &[&str]) -> Result<(Vec<u8>, Renames)> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    let mut renamed = Vec::new();
    for (id, payload, whole) in sections(module)? {
        if id != 7 {
            out.extend_from_slice(whole);
            continue;
        }
        let mut r = Reader { bytes: payload, at: 0 };
        let count = r.len()?;
        let mut exports = Vec::new();
        write_leb(count, &mut exports);
        for _ in 0..count {
            let mut name = r.name()?;
            let start = r.at;
            r.byte()?;
            r.leb()?;
            if !keep.contains(&name.as_str()) {
                let short = format!("_{}", base36(renamed.len()));
                renamed.push((std::mem::replace(&mut name, short), name.clone()));
            }
            write_leb(name.len(), &mut exports);
            exports.extend_from_slice(name.as_bytes());
            exports.extend_from_slice(payload.get(start..r.at).unwrap_or_default());
        }
        if !r.done() {
            return Err(error("wasm: bytes after the last export"));
        }
        out.push(7);
        write_leb(exports.len(), &mut out);
        out.extend(exports);
    }
    Ok((out, renamed))
}

/// `n` in base 36, lower case.
fn base36(mut n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = Vec::new();
    loop {
        digits.push(DIGITS.get(n % 36).copied().unwrap_or(b'0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

/// Appends `n` as unsigned LEB128.
fn write_leb(mut n: usize, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// The size of every defined function, biggest first.
pub fn function_sizes(module: &[u8]) -> Result<Vec<FunctionSize>> {
    let Functions {
        imported,
        bodies,
        mut names,
    } = functions(module)?;
    let mut sizes: Vec<FunctionSize> = bodies
        .into_iter()
        .enumerate()
        .map(|(i, body)| {
            let index = imported + i;
            FunctionSize {
                name: names.remove(&index).unwrap_or_else(|| format!("func[{index}]")),
                bytes: body.len(),
            }
        })
        .collect();
    sizes.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    Ok(sizes)
}

/// Imported functions come first in the function index space, so the code section's bodies start after them.
fn count_imported_functions(section: &mut Reader<'_>) -> Result<usize> {
    let mut functions = 0;
    for _ in 0..section.len()? {
        section.name()?;
        section.name()?;
        if skip_import_kind(section)? == 0 {
            functions += 1;
        }
    }
    Ok(functions)
}

/// Reads an import's kind and what describes it (a type index, a table, a memory, a global or a
/// tag), returning the kind: 0 for a function.
fn skip_import_kind(section: &mut Reader<'_>) -> Result<u8> {
    let kind = section.byte()?;
    match kind {
        0 => {
            section.leb()?;
        }
        1 => {
            section.byte()?;
            section.limits()?;
        }
        2 => section.limits()?,
        3 => {
            section.byte()?;
            section.byte()?;
        }
        4 => {
            section.byte()?;
            section.leb()?;
        }
        other => return Err(error(format!("wasm: unknown import kind {other}"))),
    }
    Ok(kind)
}

/// The crate a demangled Rust function name belongs to, by its first path segment:
/// `<serde_json::Error as core::fmt::Display>::fmt` is serde_json's, `std[1a2b]::panicking::x` is std's.
pub fn crate_of(name: &str) -> &str {
    let trimmed = name.trim_start_matches(['<', '&', '*', '(', '[']);
    let trimmed = trimmed
        .strip_prefix("mut ")
        .or_else(|| trimmed.strip_prefix("dyn "))
        .unwrap_or(trimmed);
    match trimmed.find("::") {
        Some(end) => {
            let segment = trimmed.get(..end).unwrap_or(trimmed);
            segment.split(['[', ' ', '<']).next().unwrap_or(segment)
        }
        None => "(no crate: runtime or glue)",
    }
}

/// Like [`crate_of`], but this crate's own functions by their module: `assent::json::read::x` is
/// `assent::json`'s, `<assent::eval::engine::Engine>::evaluate` is `assent::eval`'s.
pub fn module_of(name: &str) -> String {
    let krate = crate_of(name);
    if krate != "assent" {
        return krate.to_owned();
    }
    let after = name
        .find("assent::")
        .and_then(|i| name.get(i + "assent::".len()..))
        .unwrap_or("");
    match after.split("::").next() {
        Some(m) if !m.is_empty() && m.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => format!("assent::{m}"),
        _ => "assent".to_owned(),
    }
}

/// A demangled name without the crate disambiguators (`std[a543996e6e7dbf1e]` becomes `std`).
pub fn without_disambiguators(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let hash = from.get(1..).and_then(|h| h.find(']').map(|close| (h, close)));
        match hash {
            Some((h, close))
                if close > 0 && h.get(..close).is_some_and(|x| x.bytes().all(|b| b.is_ascii_hexdigit())) =>
            {
                rest = h.get(close + 1..).unwrap_or("");
            }
            _ => {
                out.push('[');
                rest = from.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(id: u8, payload: &[u8], out: &mut Vec<u8>) {
        out.push(id);
        write_leb(payload.len(), out);
        out.extend_from_slice(payload);
    }

    fn name(s: &str, out: &mut Vec<u8>) {
        write_leb(s.len(), out);
        out.extend_from_slice(s.as_bytes());
    }

    /// A module with one imported function, a memory import, and two bodies (3 and 200 bytes),
    /// the second one named; the 200-byte body makes its size a two-byte LEB128.
    fn module() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        let mut imports = vec![2];
        name("env", &mut imports);
        name("f", &mut imports);
        imports.extend([0, 0]);
        name("env", &mut imports);
        name("memory", &mut imports);
        imports.extend([2, 1, 1, 2]);
        section(2, &imports, &mut m);
        let mut code = vec![2];
        write_leb(3, &mut code);
        code.extend([0, 0x01, 0x0b]);
        write_leb(200, &mut code);
        code.extend(std::iter::repeat_n(0x01, 199));
        code.push(0x0b);
        section(10, &code, &mut m);
        let mut names = Vec::new();
        name("name", &mut names);
        let mut functions = vec![1];
        write_leb(2, &mut functions);
        name("big::one", &mut functions);
        names.push(1);
        write_leb(functions.len(), &mut names);
        names.extend(functions);
        section(0, &names, &mut m);
        m
    }

    #[test]
    fn sizes_come_biggest_first_with_names_after_the_imports() {
        let sizes = function_sizes(&module()).unwrap_or_default();
        assert_eq!(
            sizes,
            [
                FunctionSize {
                    name: "big::one".into(),
                    bytes: 200
                },
                FunctionSize {
                    name: "func[1]".into(),
                    bytes: 3
                }
            ]
        );
    }

    #[test]
    fn new_names_replace_the_name_section_and_nothing_else() {
        let m = module();
        let renamed = with_function_names(&m, &[(1, "f000000".into()), (2, "f000001".into())]).unwrap_or_default();
        let sizes = function_sizes(&renamed).unwrap_or_default();
        let names: Vec<&str> = sizes.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["f000001", "f000000"]);
        let before = functions(&m).unwrap_or_else(|e| panic!("{e}"));
        let after = functions(&renamed).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((before.imported, before.bodies), (after.imported, after.bodies));
        // The import and code sections are copied byte for byte; only the name section differs.
        let without_names = |m: &[u8]| -> Vec<Vec<u8>> {
            sections(m)
                .unwrap_or_default()
                .into_iter()
                .filter(|(id, payload, _)| !is_name_section(*id, payload))
                .map(|(_, _, whole)| whole.to_vec())
                .collect()
        };
        assert_eq!(without_names(&m), without_names(&renamed));
        assert_eq!(without_names(&m).len(), 2);
    }

    #[test]
    fn tool_sections_go_and_everything_else_stays() {
        let plain = module();
        let mut m = plain.clone();
        for tool in TOOL_SECTIONS {
            let mut payload = Vec::new();
            name(tool, &mut payload);
            payload.extend([1, 2, 3]);
            section(0, &payload, &mut m);
        }
        let mut other = Vec::new();
        name("sourceMappingURL", &mut other);
        name("x.map", &mut other);
        section(0, &other, &mut m);
        let mut want = plain.clone();
        section(0, &other, &mut want);
        assert_eq!(without_tool_sections(&m).unwrap_or_default(), want);
        assert_eq!(without_tool_sections(&plain).unwrap_or_default(), plain);
        assert!(without_tool_sections(m.get(..m.len() - 1).unwrap_or_default()).is_err());
    }

    #[test]
    fn imports_of_the_glue_get_short_names_and_nothing_else_changes() {
        let m = module();
        let (short, renamed) = with_short_imports(&m, "env", "a").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            renamed,
            [
                ("f".to_string(), "_0".to_string()),
                ("memory".to_string(), "_1".to_string())
            ]
        );
        let before = functions(&m).unwrap_or_else(|e| panic!("{e}"));
        let after = functions(&short).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (before.imported, before.bodies, before.names),
            (after.imported, after.bodies, after.names)
        );
        let imports = |m: &[u8]| -> Vec<u8> {
            sections(m)
                .unwrap_or_default()
                .into_iter()
                .find(|(id, _, _)| *id == 2)
                .map(|(_, payload, _)| payload.to_vec())
                .unwrap_or_default()
        };
        let mut want = vec![2];
        for (module, field) in [("a", "_0"), ("a", "_1")] {
            name(module, &mut want);
            name(field, &mut want);
            want.extend(if field == "_0" {
                &[0u8, 0][..]
            } else {
                &[2, 1, 1, 2][..]
            });
        }
        assert_eq!(imports(&short), want);
        // Imports of another module keep their names.
        let (same, none) = with_short_imports(&m, "elsewhere", "a").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((same, none.len()), (m.clone(), 0));
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
        assert_eq!(base36(1371), "123");
    }

    #[test]
    fn exports_get_short_names_but_those_kept() {
        let mut m = module();
        let mut exports = vec![3];
        for (export, kind, index) in [("memory", 2u8, 0u8), ("policy_decide", 0, 1), ("free", 0, 2)] {
            name(export, &mut exports);
            exports.extend([kind, index]);
        }
        section(7, &exports, &mut m);
        let (short, renamed) = with_short_exports(&m, &["memory"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            renamed,
            [
                ("policy_decide".to_string(), "_0".to_string()),
                ("free".to_string(), "_1".to_string())
            ]
        );
        let mut want = vec![3];
        for (export, kind, index) in [("memory", 2u8, 0u8), ("_0", 0, 1), ("_1", 0, 2)] {
            name(export, &mut want);
            want.extend([kind, index]);
        }
        let section_of = |m: &[u8], wanted: u8| -> Vec<Vec<u8>> {
            sections(m)
                .unwrap_or_default()
                .into_iter()
                .map(|(id, payload, _)| if id == wanted { payload.to_vec() } else { Vec::new() })
                .collect()
        };
        let (before, after) = (section_of(&m, 7), section_of(&short, 7));
        assert_eq!(after.last(), Some(&want));
        assert_eq!(before.len(), after.len());
        assert_eq!(
            sections(&m).unwrap_or_default().len(),
            sections(&short).unwrap_or_default().len()
        );
        // Everything but the export section is the same.
        let others = |m: &[u8]| -> Vec<Vec<u8>> {
            sections(m)
                .unwrap_or_default()
                .into_iter()
                .filter(|(id, _, _)| *id != 7)
                .map(|(_, _, whole)| whole.to_vec())
                .collect()
        };
        assert_eq!(others(&m), others(&short));
    }

    #[test]
    fn a_truncated_module_is_an_error() {
        let m = module();
        assert!(function_sizes(m.get(..m.len() - 5).unwrap_or_default()).is_err());
        assert!(function_sizes(b"not wasm at all").is_err());
    }

    #[test]
    fn module_of_splits_this_crate_by_module() {
        assert_eq!(module_of("assent::json::read::Reader::object::h1234"), "assent::json");
        assert_eq!(
            module_of("<assent::eval::engine::Engine as core::fmt::Debug>::fmt"),
            "assent::eval"
        );
        assert_eq!(
            module_of("assent::policy::model::_::<impl serde_core::de::Deserialize for assent::policy::model::Text>::deserialize"),
            "assent::policy"
        );
        assert_eq!(
            module_of("<serde_json::error::Error as core::fmt::Display>::fmt"),
            "serde_json"
        );
        assert_eq!(module_of("loadPolicy externref shim"), "(no crate: runtime or glue)");
    }

    #[test]
    fn crate_of_reads_the_first_path_segment() {
        assert_eq!(
            crate_of("<serde_json::error::Error as core::fmt::Display>::fmt"),
            "serde_json"
        );
        assert_eq!(crate_of("std[a543996e6e7dbf1e]::panicking::panic_with_hook"), "std");
        assert_eq!(
            crate_of("<&mut alloc::vec::Vec<u8> as core::fmt::Write>::write_str"),
            "alloc"
        );
        assert_eq!(crate_of("dlmalloc::Dlmalloc::malloc::h1234"), "dlmalloc");
        assert_eq!(crate_of("memcpy"), "(no crate: runtime or glue)");
        assert_eq!(crate_of("<str as core::fmt::Display>::fmt"), "str");
    }

    #[test]
    fn disambiguators_are_dropped_and_slices_kept() {
        assert_eq!(
            without_disambiguators("<dlmalloc[e24a27700634d609]::Dlmalloc<[u8]>>::malloc"),
            "<dlmalloc::Dlmalloc<[u8]>>::malloc"
        );
    }
}
