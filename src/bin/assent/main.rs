//! The `assent` command-line tool.
fn main() {}
