//! Positions in a text, as people count them.

/// The 1-based line and column (columns in characters) reached after `text`, from `at`.
pub fn advance(at: (usize, usize), text: &str) -> (usize, usize) {
    text.chars().fold(at, |(line, column), c| match c {
        '\n' => (line + 1, 1),
        _ => (line, column + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::advance;

    proptest::proptest! {
        #[test]
        fn counts_lines_and_the_characters_of_the_last(s in "[a-z.\\[\n \t\u{a0}\u{3000}\u{e9}\u{4e2d}\u{1f600}]{0,24}") {
            let line = 1 + s.matches('\n').count();
            let last = s.rsplit('\n').next().unwrap_or("");
            proptest::prop_assert_eq!(advance((1, 1), &s), (line, 1 + last.chars().count()));
            let mid = (0..=s.len() / 2).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
            let (head, tail) = s.split_at(mid);
            proptest::prop_assert_eq!(advance(advance((1, 1), head), tail), advance((1, 1), &s));
        }
    }
}
