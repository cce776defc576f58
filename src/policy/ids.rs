//! The ids of one list of a policy, sorted once for lookups, in place of a hash set.
//!
//! Validation asks, per list, "is this id declared?", "where is it first?" and "which ids repeat?".
//! A sorted vector of `(id, index)` answers all three with one sort and binary searches, iterates in
//! a fixed order (so a "did you mean" hint never depends on a hash seed).

use crate::prelude::*;

/// The ids of a list with their indexes, sorted by id, then by index.
#[derive(Debug, Default)]
pub struct IdIndex<'a> {
    entries: Vec<(&'a str, usize)>,
}

impl<'a> IdIndex<'a> {
    /// Indexes `ids`, the ids of a list in its order.
    pub fn new(ids: impl IntoIterator<Item = &'a str>) -> Self {
        let mut entries: Vec<(&'a str, usize)> = ids.into_iter().zip(0..).collect();
        entries.sort_unstable();
        IdIndex { entries }
    }

    /// Where `id` is first in the list.
    pub fn first(&self, id: &str) -> Option<usize> {
        let at = self.entries.partition_point(|(e, _)| *e < id);
        match self.entries.get(at) {
            Some(&(e, i)) if e == id => Some(i),
            _ => None,
        }
    }

    /// Whether `id` is in the list.
    pub fn contains(&self, id: &str) -> bool {
        self.first(id).is_some()
    }

    /// The ids, sorted, each once.
    pub fn ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        let mut last = None;
        self.entries.iter().filter_map(move |&(id, _)| {
            let new = last != Some(id);
            last = Some(id);
            new.then_some(id)
        })
    }

    /// Each repeated entry as (its index, the index of the id's first entry), in list order.
    pub fn repeats(&self) -> Vec<(usize, usize)> {
        // The indexes are 0..len, so the answer is placed by index rather than sorted.
        let mut first_of: Vec<Option<usize>> = vec![None; self.entries.len()];
        let mut group: Option<(&str, usize)> = None;
        for &(id, i) in &self.entries {
            match group {
                Some((g, at)) if g == id => {
                    if let Some(slot) = first_of.get_mut(i) {
                        *slot = Some(at);
                    }
                }
                _ => group = Some((id, i)),
            }
        }
        first_of
            .into_iter()
            .enumerate()
            .filter_map(|(i, first)| Some((i, first?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_first_entries_and_repeats_in_list_order() {
        let ids = IdIndex::new(["b", "a", "c", "a", "b", "a"]);
        assert_eq!(ids.first("a"), Some(1));
        assert_eq!(ids.first("b"), Some(0));
        assert_eq!(ids.first("c"), Some(2));
        assert_eq!(ids.first("d"), None);
        assert!(ids.contains("c") && !ids.contains(""));
        assert_eq!(ids.ids().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(ids.repeats(), [(3, 1), (4, 0), (5, 1)]);
    }

    #[test]
    fn an_empty_list_has_nothing() {
        let ids = IdIndex::new([]);
        assert_eq!(ids.first("a"), None);
        assert_eq!(ids.ids().count(), 0);
        assert!(ids.repeats().is_empty());
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_a_linear_scan(list in proptest::collection::vec("[a-c]{0,2}", 0..12), probe in "[a-c]{0,2}") {
            let ids = IdIndex::new(list.iter().map(String::as_str));
            proptest::prop_assert_eq!(ids.first(&probe), list.iter().position(|x| *x == probe));
            let repeats: Vec<(usize, usize)> = list
                .iter()
                .enumerate()
                .filter_map(|(i, x)| list.iter().position(|y| y == x).filter(|&f| f != i).map(|f| (i, f)))
                .collect();
            proptest::prop_assert_eq!(ids.repeats(), repeats);
        }
    }
}
