//! The names of the standard prelude, from `alloc`. Every build has the standard library now, so
//! this is left only until the modules that import it are changed to the standard prelude.
pub(crate) use alloc::borrow::ToOwned;
pub(crate) use alloc::boxed::Box;
pub(crate) use alloc::format;
pub(crate) use alloc::string::{String, ToString};
pub(crate) use alloc::vec;
pub(crate) use alloc::vec::Vec;
