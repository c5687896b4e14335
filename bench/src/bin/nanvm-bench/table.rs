//! The table of ratios, as Markdown.

use std::fmt;
use std::time::Duration;

/// One row: a benchmark on one piece of data against its peer.
pub struct Row {
    /// What is measured on nanvm's side.
    pub benchmark: &'static str,
    /// The data (file name or the generated config).
    pub data: String,
    /// nanvm's figure.
    pub nanvm: String,
    /// The peer and its figure.
    pub peer: String,
    /// The ratio, as the row's benchmark defines it.
    pub ratio: String,
    /// The goal of issue 6.
    pub goal: &'static str,
    /// Whether the goal is met ("yes", "no", or "—" for figures to report).
    pub met: &'static str,
}

/// Rows in the order measured.
#[derive(Default)]
pub struct Table {
    rows: Vec<Row>,
}

impl Table {
    /// Adds a row and echoes it on stderr, so a long run shows progress.
    pub fn push(&mut self, row: Row) {
        eprintln!("  {row}");
        self.rows.push(row);
    }
}

impl fmt::Display for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "| {} | {} | {} | {} | {} | {} | {} |",
            self.benchmark, self.data, self.nanvm, self.peer, self.ratio, self.goal, self.met
        )
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "| benchmark | data | nanvm | compared with | ratio | goal | met |"
        )?;
        writeln!(f, "|---|---|---|---|---|---|---|")?;
        for row in &self.rows {
            writeln!(f, "{row}")?;
        }
        Ok(())
    }
}

/// A duration in the unit that suits it: `812 µs`, `4.3 ms`, `2.41 s`.
pub fn time(d: Duration) -> String {
    let seconds = d.as_secs_f64();
    if seconds < 1e-3 {
        format!("{:.0} µs", seconds * 1e6)
    } else if seconds < 1.0 {
        format!("{:.1} ms", seconds * 1e3)
    } else {
        format!("{seconds:.2} s")
    }
}

/// A size in MB (10^6 bytes) or KB.
pub fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.0} KB", bytes as f64 / 1e3)
    }
}

/// `a / b` as a ratio with at least three significant digits: `3.20×`,
/// `0.00412×`.
pub fn ratio(a: f64, b: f64) -> String {
    let r = a / b;
    let decimals = if r.is_finite() && r > 0.0 && r < 1.0 {
        (2 - r.log10().floor() as i32).clamp(2, 8) as usize
    } else {
        2
    };
    format!("{r:.decimals$}×")
}

/// "yes" or "no".
pub fn met(yes: bool) -> &'static str {
    if yes {
        "yes"
    } else {
        "no"
    }
}
