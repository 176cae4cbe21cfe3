//! A global allocator that counts the bytes held and their peak, for the
//! memory measurements (`examples/reportmem.rs`, `tests/load_memory.rs`).
//! A `realloc` counts as it costs an allocator that cannot grow a buffer in
//! place (wasm's dlmalloc, mostly): the new buffer, then the old one freed.
//! Use: `#[global_allocator] static ALLOCATOR: Counting = Counting;`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting.
pub struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

impl Counting {
    /// Bytes held now.
    pub fn held() -> usize {
        HELD.load(Relaxed)
    }

    /// The most bytes held at once since the last [`Counting::restart_peak`].
    pub fn peak() -> usize {
        PEAK.load(Relaxed)
    }

    /// Count the peak from now on (from what is held now).
    pub fn restart_peak() {
        PEAK.store(HELD.load(Relaxed), Relaxed);
    }
}

fn hold(bytes: usize) {
    let now = HELD.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(now, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        hold(layout.size());
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        hold(new_size);
        let out = System.realloc(ptr, layout, new_size);
        HELD.fetch_sub(layout.size(), Relaxed);
        out
    }
}
