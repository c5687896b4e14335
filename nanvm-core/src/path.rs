//! Import specifiers and the module paths they resolve to.
//!
//! Module paths are `/`-separated and relative to the root of a
//! [`ModuleSource`](crate::link::ModuleSource), with no `.` or `..`
//! segments: `config/main.d.mjs`.

use std::fmt;

/// Why an import specifier does not name a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecifierError {
    /// Not `./…` or `../…`: a JavaScript engine would look for a package.
    NotRelative,
    /// Holds a character a JavaScript engine reads as URL syntax (`\`, `%`, `?`, `#`).
    UrlSyntax(char),
    /// Leads above the root of the module source.
    OutsideRoot,
    /// Names a directory rather than a file.
    NotAFile,
    /// Holds a lone surrogate, which no file name can.
    LoneSurrogate,
}

impl fmt::Display for SpecifierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecifierError::NotRelative => {
                f.write_str("import paths must start with \"./\" or \"../\" (bare specifiers name packages in JavaScript)")
            }
            SpecifierError::UrlSyntax(c) => write!(
                f,
                "import paths may not contain {c:?}: a JavaScript engine reads it as URL syntax"
            ),
            SpecifierError::OutsideRoot => f.write_str("import path leads outside the root"),
            SpecifierError::NotAFile => f.write_str("import path names a directory"),
            SpecifierError::LoneSurrogate => f.write_str("import path holds a lone surrogate"),
        }
    }
}

impl std::error::Error for SpecifierError {}

/// Resolves the import `specifier`, written in the module at path
/// `importer`, to a module path.
///
/// ```
/// use nanvm_runtime::path::resolve_import;
/// assert_eq!(resolve_import("cfg/main.d.mjs", "./lib/a.d.mjs").unwrap(), "cfg/lib/a.d.mjs");
/// assert_eq!(resolve_import("cfg/main.d.mjs", "../b.d.mjs").unwrap(), "b.d.mjs");
/// assert!(resolve_import("main.d.mjs", "../b.d.mjs").is_err());
/// assert!(resolve_import("main.d.mjs", "b.d.mjs").is_err());
/// ```
pub fn resolve_import(importer: &str, specifier: &str) -> Result<String, SpecifierError> {
    if !(specifier.starts_with("./") || specifier.starts_with("../")) {
        return Err(SpecifierError::NotRelative);
    }
    if let Some(c) = specifier
        .chars()
        .find(|c| matches!(c, '\\' | '%' | '?' | '#'))
    {
        return Err(SpecifierError::UrlSyntax(c));
    }
    if specifier.ends_with('/') || specifier.ends_with("/.") || specifier.ends_with("/..") {
        return Err(SpecifierError::NotAFile);
    }
    let mut segments: Vec<&str> = importer.split('/').filter(|s| !s.is_empty()).collect();
    segments.pop(); // the importer's file name
    for segment in specifier.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop().ok_or(SpecifierError::OutsideRoot)?;
            }
            s => segments.push(s),
        }
    }
    Ok(segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution() {
        let r = resolve_import;
        assert_eq!(r("a.d.mjs", "./b.d.mjs"), Ok("b.d.mjs".into()));
        assert_eq!(
            r("x/y/a.d.mjs", "./../z/./b.d.mjs"),
            Ok("x/z/b.d.mjs".into())
        );
        assert_eq!(r("x/a.d.mjs", ".//b.d.mjs"), Ok("x/b.d.mjs".into()));
        assert_eq!(r("a.d.mjs", "/b.d.mjs"), Err(SpecifierError::NotRelative));
        assert_eq!(r("a.d.mjs", "b"), Err(SpecifierError::NotRelative));
        assert_eq!(r("a.d.mjs", "./b%20c"), Err(SpecifierError::UrlSyntax('%')));
        assert_eq!(r("a.d.mjs", "./b\\c"), Err(SpecifierError::UrlSyntax('\\')));
        assert_eq!(r("a/b.d.mjs", "../../c"), Err(SpecifierError::OutsideRoot));
        assert_eq!(r("a/b.d.mjs", "./"), Err(SpecifierError::NotAFile));
    }
}
