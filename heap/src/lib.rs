//! The memory allocator of assent's WebAssembly modules.
//!
//! Rust's standard library allocates on `wasm32-unknown-unknown` with dlmalloc, about 7 KB of
//! code (3 KB of the gzipped browser entry). assent's modules allocate little and in few sizes: a
//! policy is read once, and each answer allocates and frees the same handful of strings and
//! vectors. A simpler scheme serves that as well:
//!
//! - every request is rounded up to a power of two, its *class* (8 bytes at least, so a freed
//!   block can hold a link);
//! - each class has a free list, linked through the freed blocks themselves; `alloc` takes the
//!   head, `dealloc` pushes onto it, both in constant time;
//! - when a list is empty, the block is cut from the end of the heap, aligned to its own size, so
//!   any alignment up to the size holds. The gap that alignment leaves is cut into the largest
//!   aligned blocks that fit and put on their lists, so no byte is lost;
//! - the heap starts where linear memory ended when it was first used, and grows it by whole pages.
//!   Should something else grow memory too, the heap leaves those pages alone: it goes on from
//!   where `memory.grow` says the new pages start.
//!
//! Blocks never merge, so memory holds, for each class, the most blocks of it that were live at
//! once: at most about twice what is live, and steady when the same calls repeat.
//!
//! [`Heap`] holds the bookkeeping and works on addresses through a [`Memory`], so the same code runs
//! natively against a simulated memory in the tests and on wasm32 against linear memory
//! ([`WasmHeap`], the `#[global_allocator]`).
#![no_std]

/// The bytes of a WebAssembly page: linear memory grows by whole pages.
pub const PAGE: usize = 65_536;

/// The smallest block: room for the link of a free list, and 8-byte alignment.
pub const MIN_BLOCK: usize = 8;

/// The memory a [`Heap`] cuts its blocks from.
pub trait Memory {
    /// Where memory ends now, in bytes; everything after it is free.
    fn size(&self) -> usize;

    /// Adds `pages` pages of [`PAGE`] bytes to the end of memory and returns where they start
    /// (the previous end); `None` when it cannot.
    fn grow(&mut self, pages: usize) -> Option<usize>;

    /// Reads the free-list link stored at the start of `block`.
    ///
    /// # Safety
    /// `block` is a block of at least [`MIN_BLOCK`] bytes, aligned to [`MIN_BLOCK`], that the heap
    /// cut from this memory and that nobody else uses (it is free).
    unsafe fn link(&self, block: usize) -> usize;

    /// Writes the free-list link `next` at the start of `block`.
    ///
    /// # Safety
    /// As for [`Memory::link`].
    unsafe fn set_link(&mut self, block: usize, next: usize);
}

/// The size class of a request: blocks of class `k` are `2^k` bytes, aligned to `2^k`. `None` when
/// no block that large can exist.
pub fn class(size: usize, align: usize) -> Option<u32> {
    let bytes = size.max(align).max(MIN_BLOCK);
    let k = usize::BITS - (bytes - 1).leading_zeros();
    (k < usize::BITS - 1).then_some(k)
}

/// The free lists and the end of the heap, over a [`Memory`].
pub struct Heap<M> {
    memory: M,
    /// The head of each class's free list; 0 when it is empty.
    free: [usize; usize::BITS as usize],
    /// Where the next block is cut; 0 before the first.
    top: usize,
    /// Where memory ends.
    end: usize,
    /// Where the first block was cut.
    base: usize,
    /// Bytes between `base` and `top` that others took, by growing memory themselves.
    foreign: usize,
}

impl<M: Memory> Heap<M> {
    /// A heap that takes its blocks from `memory`, after its current end.
    pub const fn new(memory: M) -> Self {
        Heap {
            memory,
            free: [0; usize::BITS as usize],
            top: 0,
            end: 0,
            base: 0,
            foreign: 0,
        }
    }

    /// The memory under the heap.
    pub fn memory(&self) -> &M {
        &self.memory
    }

    /// The memory under the heap, to write into the blocks it handed out.
    pub fn memory_mut(&mut self) -> &mut M {
        &mut self.memory
    }

    /// A block for `size` bytes aligned to `align` (a power of two): its address, never 0. `None`
    /// when memory cannot grow enough.
    pub fn alloc(&mut self, size: usize, align: usize) -> Option<usize> {
        let k = class(size, align)?;
        let head = *self.free.get(k as usize)?;
        if head != 0 {
            // SAFETY: `head` is on the free list of class `k`: a free block of 2^k >= MIN_BLOCK
            // bytes that this heap cut.
            let next = unsafe { self.memory.link(head) };
            self.set_head(k, next);
            return Some(head);
        }
        self.cut(k)
    }

    /// Gives back the block at `addr`, which [`Heap::alloc`] returned for the same `size` and
    /// `align` (or for another request of the same [`class`]).
    ///
    /// # Safety
    /// The block is not used after this, and is given back once.
    pub unsafe fn dealloc(&mut self, addr: usize, size: usize, align: usize) {
        if let Some(k) = class(size, align) {
            // SAFETY: the caller gives back a block of class `k` that this heap handed out.
            unsafe { self.push(k, addr) };
        }
    }

    /// Whether a block handed out for `(size, align)` also serves `new_size`: then a reallocation
    /// keeps it where it is.
    pub fn fits(size: usize, align: usize, new_size: usize) -> bool {
        class(size, align) == class(new_size, align)
    }

    /// The bytes cut from memory so far, and how many of them are on the free lists now.
    pub fn usage(&self) -> (usize, usize) {
        let mut free = 0;
        for (k, head) in self.free.iter().enumerate() {
            let mut block = *head;
            while block != 0 {
                free += 1usize << k;
                // SAFETY: every block on a free list is free and this heap's.
                block = unsafe { self.memory.link(block) };
            }
        }
        (self.top - self.base - self.foreign, free)
    }

    fn set_head(&mut self, k: u32, block: usize) {
        if let Some(head) = self.free.get_mut(k as usize) {
            *head = block;
        }
    }

    /// Puts a free block of class `k` at the head of its list.
    ///
    /// # Safety
    /// `block` is a free block of 2^k bytes, aligned to 2^k, in memory this heap cut.
    unsafe fn push(&mut self, k: u32, block: usize) {
        let head = self.free.get(k as usize).copied().unwrap_or(0);
        // SAFETY: by the caller, the block is free and this heap's.
        unsafe { self.memory.set_link(block, head) };
        self.set_head(k, block);
    }

    /// Cuts a block of class `k` from the end of the heap, growing memory if needed.
    fn cut(&mut self, k: u32) -> Option<usize> {
        if self.top == 0 {
            self.end = self.memory.size();
            // Memory's end is page-aligned, so the first block starts aligned; 0 stays null.
            self.top = self.end.max(PAGE);
            self.base = self.top;
        }
        let size = 1usize << k;
        loop {
            let start = self.top.checked_add(size - 1)? & !(size - 1);
            let stop = start.checked_add(size)?;
            if stop <= self.end {
                let gap = self.top;
                self.top = stop;
                // SAFETY: [gap, start) lies between blocks this heap cut and memory's end, and
                // nothing else uses it.
                unsafe { self.recycle(gap, start) };
                return Some(start);
            }
            let pages = (stop - self.end).div_ceil(PAGE);
            let old = self.memory.grow(pages)?;
            let end = old.checked_add(pages.checked_mul(PAGE)?)?;
            if old != self.end {
                // Something else grew memory since: what lies between is its own. The rest of
                // this heap's memory goes on the free lists, and cutting goes on in the new pages
                // (from a page boundary, so the loop's next turn fits or grows again).
                // SAFETY: [top, end) is this heap's and unused; both are multiples of MIN_BLOCK.
                unsafe { self.recycle(self.top, self.end) };
                self.foreign += old.checked_sub(self.end)?;
                self.top = old;
            }
            self.end = end;
        }
    }

    /// Puts `[from, to)` on the free lists, as the largest aligned blocks that fit.
    ///
    /// # Safety
    /// The range is in this heap's memory, unused, and both ends are multiples of [`MIN_BLOCK`].
    unsafe fn recycle(&mut self, mut from: usize, to: usize) {
        while from < to {
            // The largest power of two that divides `from` (its alignment), no longer than the gap.
            let mut size = from & from.wrapping_neg();
            while size > to - from {
                size >>= 1;
            }
            if size < MIN_BLOCK {
                return;
            }
            // SAFETY: a block of `size` bytes aligned to `size`, inside the unused range.
            unsafe { self.push(size.trailing_zeros(), from) };
            from += size;
        }
    }
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod wasm {
    use super::{Heap, Memory, PAGE};
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32;
    use core::cell::UnsafeCell;
    use core::ptr;

    /// Linear memory 0 of the module.
    pub struct Linear;

    impl Memory for Linear {
        fn size(&self) -> usize {
            wasm32::memory_size(0).saturating_mul(PAGE)
        }

        fn grow(&mut self, pages: usize) -> Option<usize> {
            match wasm32::memory_grow(0, pages) {
                usize::MAX => None,
                old => old.checked_mul(PAGE),
            }
        }

        unsafe fn link(&self, block: usize) -> usize {
            // SAFETY: by the contract of `link`, a free, aligned block of at least a word.
            unsafe { ptr::with_exposed_provenance::<usize>(block).read() }
        }

        unsafe fn set_link(&mut self, block: usize, next: usize) {
            // SAFETY: as above.
            unsafe { ptr::with_exposed_provenance_mut::<usize>(block).write(next) }
        }
    }

    /// The allocator of a wasm32 module: a [`Heap`] over linear memory.
    pub struct WasmHeap(UnsafeCell<Heap<Linear>>);

    impl WasmHeap {
        /// The heap, empty until the first allocation.
        pub const fn new() -> Self {
            WasmHeap(UnsafeCell::new(Heap::new(Linear)))
        }

        /// The heap's bookkeeping.
        ///
        /// # Safety
        /// No other reference to it is live. wasm32 without the atomics feature runs one thread,
        /// and no method of the heap calls back into the allocator.
        #[allow(clippy::mut_from_ref)]
        unsafe fn heap(&self) -> &mut Heap<Linear> {
            // SAFETY: by the caller.
            unsafe { &mut *self.0.get() }
        }
    }

    impl Default for WasmHeap {
        fn default() -> Self {
            Self::new()
        }
    }

    // SAFETY: without the atomics target feature a wasm32 module has a single thread.
    unsafe impl Sync for WasmHeap {}

    // SAFETY: `Heap` hands out disjoint blocks of at least the requested size, aligned to at least
    // the requested alignment, and takes a block back only through `dealloc`.
    unsafe impl GlobalAlloc for WasmHeap {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: one thread, and this is the only reference while the call runs.
            let heap = unsafe { self.heap() };
            heap.alloc(layout.size(), layout.align())
                .map_or(ptr::null_mut(), ptr::with_exposed_provenance_mut)
        }

        unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
            // SAFETY: as in `alloc`; the caller gives back a block it got for `layout`.
            unsafe {
                self.heap()
                    .dealloc(block.expose_provenance(), layout.size(), layout.align())
            }
        }

        unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if Heap::<Linear>::fits(layout.size(), layout.align(), new_size) {
                return block;
            }
            // SAFETY: as in `alloc`.
            let heap = unsafe { self.heap() };
            let Some(moved) = heap.alloc(new_size, layout.align()) else {
                return ptr::null_mut();
            };
            let moved: *mut u8 = ptr::with_exposed_provenance_mut(moved);
            // SAFETY: both blocks are live and disjoint, and each holds the bytes copied.
            unsafe { ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size)) };
            // SAFETY: the caller's block, given back once; its bytes now live in `moved`.
            unsafe { heap.dealloc(block.expose_provenance(), layout.size(), layout.align()) };
            moved
        }
    }
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
pub use wasm::{Linear, WasmHeap};
