//! assent: a consent and privacy-policy engine.
//!
//! A privacy policy becomes a machine-readable [`policy::Policy`]; [`policy::load`] parses and
//! validates it, reporting every problem with its place and a fix; [`eval`] answers, for one
//! visitor, whether each purpose may run and why; [`changes`] compares two versions of a policy,
//! classifies each change and plans how to announce it. The core is pure Rust: no clock, no I/O, no
//! JavaScript; the Wasm layer and the CLI are thin shells around it.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

extern crate alloc;

pub mod api;
#[cfg(feature = "std")]
pub mod banner;
pub mod changes;
pub mod compiled;
pub mod eval;
pub mod guardian;
pub mod json;
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

/// On wasm32, blocks come from power-of-two free lists (see the `assent-heap` crate) instead of the
/// standard library's dlmalloc: the modules allocate in few sizes, and it is smaller to download.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static HEAP: assent_heap::WasmHeap = assent_heap::WasmHeap::new();

/// Without the standard library (the browser entry's module), a panic stops the module: a Wasm
/// trap, which the glue raises as a `RuntimeError`, as the standard library's abort does. The
/// engine does not panic by design (clippy denies `unwrap`, `expect`, `panic` and indexing), so
/// what is left are the standard library's own checks, whose messages no page ever saw.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
