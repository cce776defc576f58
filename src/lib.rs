//! assent: a consent and privacy-policy engine.
//!
//! A privacy policy becomes a machine-readable [`policy::Policy`]; [`policy::load`] parses and
//! validates it, reporting every problem with its place and a fix; [`eval`] answers, for one
//! visitor, whether each purpose may run and why; [`changes`] compares two versions of a policy,
//! classifies each change and plans how to announce it. The core is pure Rust: no clock, no I/O, no
//! JavaScript; the Wasm layer and the CLI are thin shells around it.
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

extern crate alloc;
// `#[derive(FromJson, ToJson)]` names the crate `::assent`, inside it as outside.
extern crate self as assent;

pub mod api;
#[cfg(feature = "std")]
pub mod banner;
pub mod changes;
pub mod compiled;
pub mod error;
pub mod eval;
pub mod guardian;
pub mod json;
pub mod loaded;
// The receipt log verifies signed checkpoints with Ed25519 in Rust; no page keeps the log.
#[cfg(all(feature = "std", feature = "ed25519"))]
pub mod log;
pub mod policy;
#[allow(unused_imports)]
pub(crate) mod prelude;
pub mod receipt;
#[cfg(feature = "schema")]
pub mod schema;
pub mod signals;
pub mod sorted_map;
#[cfg(feature = "cli")]
pub mod starter;
pub(crate) mod text;
pub mod time;
#[cfg(feature = "wasm")]
pub mod wasm;

/// In the modules a page downloads, blocks come from lol_alloc's free list instead of the standard
/// library's dlmalloc: a page allocates little, in few sizes, and for a short life, which a free
/// list serves.
/// The builds with `sign` (the node and workerd bundle, the CLI's WASI build) keep dlmalloc: they
/// live long and free many blocks, and the free list costs a walk of itself per allocation and
/// per free, so freeing many scattered blocks takes time quadratic in their number.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics"), not(feature = "sign")))]
#[global_allocator]
// SAFETY: without the atomics feature a wasm32 module has one thread, which is what
// `AssumeSingleThreaded` requires of its user.
#[allow(unsafe_code)]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
