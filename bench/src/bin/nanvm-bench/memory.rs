//! Peak memory of the release `nanvm compile`, in a child process, as GNU
//! time reports it (the child's maximum resident set size, from `wait4`).

use std::path::Path;
use std::process::Command;

/// GNU time, which `scripts/bench` installs where it is missing.
const GNU_TIME: &str = "/usr/bin/time";

/// The peak resident set size, in bytes, of `nanvm compile INPUT OUTPUT`
/// run with the binary `nanvm`, the input's directory as the root.
pub fn peak_rss(nanvm: &Path, input: &Path, output: &Path) -> Result<u64, String> {
    if !Path::new(GNU_TIME).exists() {
        return Err(format!("{GNU_TIME} not found (apt-get install time)"));
    }
    let report = output.with_extension("rss");
    let root = input.parent().ok_or("the input has no directory")?;
    let status = Command::new(GNU_TIME)
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(nanvm)
        .arg("--root")
        .arg(root)
        .arg("compile")
        .arg(input)
        .arg(output)
        .status()
        .map_err(|e| format!("cannot run {GNU_TIME}: {e}"))?;
    if !status.success() {
        return Err(format!(
            "nanvm compile {} failed: {status}",
            input.display()
        ));
    }
    let text =
        std::fs::read_to_string(&report).map_err(|e| format!("{}: {e}", report.display()))?;
    let kilobytes: u64 = text
        .trim()
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(|| format!("{GNU_TIME} wrote {text:?}, not kilobytes"))?;
    Ok(kilobytes * 1024)
}
