//! The names the standard prelude would bring, for the browser entry's build, which leaves the
//! standard library out (`no_std`; see `lib.rs`). Each module that needs them imports this.
pub(crate) use alloc::borrow::ToOwned;
pub(crate) use alloc::boxed::Box;
pub(crate) use alloc::format;
pub(crate) use alloc::string::{String, ToString};
pub(crate) use alloc::vec;
pub(crate) use alloc::vec::Vec;
