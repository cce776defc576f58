//! The heap against a simulated linear memory: every block it hands out is aligned, inside
//! memory, disjoint from every other live block, and keeps its bytes until it is given back.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assent_heap::{class, Heap, Memory, MIN_BLOCK, PAGE};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Linear memory as a byte vector, with a limit on how far it may grow.
struct Arena {
    bytes: Vec<u8>,
    max_pages: usize,
}

/// What the module had in memory before the heap: it must never change.
const PROGRAM: u8 = 0xA5;
/// What something else put in pages it grew memory by: the heap must leave them alone too.
const FOREIGN: u8 = 0x5A;
const FIRST_PAGES: usize = 2;

impl Arena {
    fn new(max_pages: usize) -> Self {
        Arena {
            bytes: vec![PROGRAM; FIRST_PAGES * PAGE],
            max_pages,
        }
    }

    /// Grows memory as some other code would, behind the heap's back.
    fn grow_foreign(&mut self, pages: usize) -> std::ops::Range<usize> {
        let old = self.bytes.len();
        self.bytes.resize(old + pages * PAGE, FOREIGN);
        old..self.bytes.len()
    }

    fn word(&self, at: usize) -> [u8; 8] {
        assert_eq!(at % MIN_BLOCK, 0, "a link at {at} is not aligned");
        self.bytes[at..at + 8].try_into().unwrap()
    }
}

impl Memory for Arena {
    fn size(&self) -> usize {
        self.bytes.len()
    }

    fn grow(&mut self, pages: usize) -> Option<usize> {
        if self.bytes.len() / PAGE + pages > self.max_pages {
            return None;
        }
        let old = self.bytes.len();
        self.bytes.resize(old + pages * PAGE, 0);
        Some(old)
    }

    unsafe fn link(&self, block: usize) -> usize {
        u64::from_le_bytes(self.word(block)) as usize
    }

    unsafe fn set_link(&mut self, block: usize, next: usize) {
        self.word(block);
        self.bytes[block..block + 8].copy_from_slice(&(next as u64).to_le_bytes());
    }
}

/// A live block: where it ends, what it was asked for, and the byte it is filled with.
struct Live {
    end: usize,
    size: usize,
    align: usize,
    fill: u8,
}

/// The heap and the blocks it has handed out, checked after every step.
struct Model {
    heap: Heap<Arena>,
    live: BTreeMap<usize, Live>,
    fills: u8,
}

impl Model {
    fn new(max_pages: usize) -> Self {
        Model {
            heap: Heap::new(Arena::new(max_pages)),
            live: BTreeMap::new(),
            fills: 0,
        }
    }

    fn alloc(&mut self, size: usize, align: usize) -> Option<usize> {
        let at = self.heap.alloc(size, align)?;
        assert_ne!(at, 0);
        assert_eq!(at % align, 0, "{at} is not aligned to {align}");
        let end = at + size.max(1);
        assert!(at >= FIRST_PAGES * PAGE, "{at} is inside the program's memory");
        assert!(end <= self.heap.memory().size(), "{at}..{end} runs past memory");
        if let Some((before, block)) = self.live.range(..end).next_back() {
            assert!(block.end <= at, "{at}..{end} overlaps the live {before}..{}", block.end);
        }
        self.fills = self.fills.wrapping_add(1).max(1);
        let fill = self.fills;
        self.heap.memory_mut().bytes[at..at + size].fill(fill);
        self.live.insert(at, Live { end, size, align, fill });
        Some(at)
    }

    fn check(&self, at: usize) {
        let block = &self.live[&at];
        let bytes = &self.heap.memory().bytes[at..at + block.size];
        assert!(
            bytes.iter().all(|b| *b == block.fill),
            "the live block at {at} was overwritten"
        );
    }

    fn free(&mut self, at: usize) {
        self.check(at);
        let block = self.live.remove(&at).unwrap();
        // SAFETY: the model gives each block back once and does not touch it again.
        unsafe { self.heap.dealloc(at, block.size, block.align) };
    }

    /// What `GlobalAlloc::realloc` of the wasm heap does.
    fn realloc(&mut self, at: usize, new_size: usize) -> Option<usize> {
        self.check(at);
        let (size, align, fill) = {
            let block = &self.live[&at];
            (block.size, block.align, block.fill)
        };
        if Heap::<Arena>::fits(size, align, new_size) {
            let block = self.live.get_mut(&at).unwrap();
            block.size = new_size;
            block.end = at + new_size.max(1);
            self.heap.memory_mut().bytes[at..at + new_size].fill(fill);
            return Some(at);
        }
        let moved = self.alloc(new_size, align)?;
        let kept = size.min(new_size);
        let bytes = &self.heap.memory().bytes;
        assert!(bytes[moved..moved + kept].iter().all(|b| *b == self.live[&moved].fill));
        self.free(at);
        Some(moved)
    }

    fn program_intact(&self) -> bool {
        self.heap.memory().bytes[..FIRST_PAGES * PAGE]
            .iter()
            .all(|b| *b == PROGRAM)
    }
}

#[derive(Debug, Clone)]
enum Op {
    Alloc { size: usize, align_log: u32 },
    Free(usize),
    Realloc(usize, usize),
}

fn size() -> impl Strategy<Value = usize> {
    prop_oneof![8 => 0usize..300, 3 => 300usize..5_000, 1 => 5_000usize..200_000]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (size(), 0u32..8).prop_map(|(size, align_log)| Op::Alloc { size, align_log }),
        2 => any::<usize>().prop_map(Op::Free),
        2 => (any::<usize>(), size()).prop_map(|(i, s)| Op::Realloc(i, s)),
    ]
}

fn nth_live(model: &Model, i: usize) -> Option<usize> {
    let n = model.live.len();
    (n > 0).then(|| *model.live.keys().nth(i % n).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn blocks_are_aligned_disjoint_and_keep_their_bytes(ops in prop::collection::vec(op(), 1..200)) {
        let mut model = Model::new(1 << 10);
        for op in ops {
            match op {
                Op::Alloc { size, align_log } => {
                    model.alloc(size, 1 << align_log).expect("64 MiB is enough for this test");
                }
                Op::Free(i) => {
                    if let Some(at) = nth_live(&model, i) {
                        model.free(at);
                    }
                }
                Op::Realloc(i, new_size) => {
                    if let Some(at) = nth_live(&model, i) {
                        model.realloc(at, new_size).expect("64 MiB is enough for this test");
                    }
                }
            }
        }
        let live: Vec<usize> = model.live.keys().copied().collect();
        for at in live {
            model.free(at);
        }
        prop_assert!(model.program_intact());
        // With everything given back, every byte the heap cut is on a free list: none is lost to
        // alignment or to a dropped block.
        let (cut, free) = model.heap.usage();
        prop_assert_eq!(cut, free);
    }

    #[test]
    fn a_class_is_the_smallest_power_of_two_that_serves(size in 0usize..1 << 40, align_log in 0u32..16) {
        let align = 1usize << align_log;
        let k = class(size, align).unwrap();
        let block = 1usize << k;
        prop_assert!(block >= size && block >= align && block >= MIN_BLOCK);
        prop_assert!(block == MIN_BLOCK || block / 2 < size.max(align));
    }
}

#[test]
fn the_same_calls_again_take_no_more_memory() {
    let mut model = Model::new(64);
    let sizes = [17, 4_000, 3, 250, 65_000, 9, 1_024, 70_000, 12];
    let round = |model: &mut Model| {
        let blocks: Vec<usize> = sizes.iter().map(|s| model.alloc(*s, 8).unwrap()).collect();
        for at in blocks.into_iter().rev() {
            model.free(at);
        }
    };
    round(&mut model);
    let after_first = (model.heap.memory().size(), model.heap.usage());
    for _ in 0..50 {
        round(&mut model);
    }
    assert_eq!((model.heap.memory().size(), model.heap.usage()), after_first);
}

#[test]
fn a_request_memory_cannot_hold_fails_and_the_heap_goes_on() {
    let mut model = Model::new(FIRST_PAGES + 4);
    let small = model.alloc(100, 8).unwrap();
    assert_eq!(model.alloc(8 * PAGE, 8), None, "memory may grow by 4 pages only");
    assert_eq!(model.alloc(usize::MAX - 10, 1), None, "no block is that large");
    assert_eq!(model.heap.alloc(usize::MAX / 2 + 2, 8), None);
    let big = model.alloc(2 * PAGE, 16).unwrap();
    model.free(small);
    model.free(big);
    assert_eq!(
        model.alloc(100, 4),
        Some(small),
        "the freed block serves the next request"
    );
    assert!(model.program_intact());
}

#[test]
fn pages_that_something_else_grew_memory_by_are_left_alone() {
    let mut model = Model::new(64);
    let mut blocks = vec![model.alloc(100, 8).unwrap(), model.alloc(5_000, 8).unwrap()];
    let theirs = model.heap.memory_mut().grow_foreign(3);
    for size in [70_000, 24, 3 * PAGE, 900, 100_000, 8] {
        let at = model.alloc(size, 16).unwrap();
        assert!(
            at + size <= theirs.start || at >= theirs.end,
            "{at} is in the foreign pages {theirs:?}"
        );
        blocks.push(at);
    }
    for at in blocks {
        model.free(at);
    }
    let memory = &model.heap.memory().bytes;
    assert!(
        memory[theirs.clone()].iter().all(|b| *b == FOREIGN),
        "the foreign pages changed"
    );
    assert!(model.program_intact());
    let (cut, free) = model.heap.usage();
    assert_eq!(
        cut, free,
        "the heap's own memory before the foreign pages is on the free lists"
    );
}

#[test]
fn a_block_too_large_for_memory_leaves_no_trace() {
    let mut model = Model::new(FIRST_PAGES + 1);
    let before = model.heap.usage();
    assert_eq!(model.alloc(3 * PAGE, 8), None);
    assert_eq!(model.heap.usage(), before);
    assert_eq!(model.heap.memory().size(), FIRST_PAGES * PAGE);
}

#[test]
fn reallocation_within_a_class_stays_in_place() {
    let mut model = Model::new(16);
    let at = model.alloc(33, 1).unwrap();
    assert_eq!(
        model.realloc(at, 64),
        Some(at),
        "33 and 64 bytes share the 64-byte class"
    );
    let moved = model.realloc(at, 65).unwrap();
    assert_ne!(moved, at, "65 bytes need the 128-byte class");
    assert_eq!(
        model.realloc(moved, 40),
        Some(at),
        "back in the 64-byte class, the block just freed serves"
    );
}
