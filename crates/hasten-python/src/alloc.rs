//! The extension's global allocator: mimalloc for small and medium allocations, the C library's
//! `malloc` for large ones.
//!
//! Compiled code makes and frees millions of small blocks (strings, list items, block headers),
//! which mimalloc serves at about three times the speed of glibc. Large buffers are another
//! matter: a list that grows by appending is reallocated in place of its pages by glibc's
//! `mremap`, where mimalloc copies it, and big arrays keep the C library's behaviour NumPy's own
//! buffers have. Which allocator owns a block follows from its size alone, which Rust gives back
//! at every `dealloc` and `realloc`.

use std::alloc::{GlobalAlloc, Layout};

/// From this size on, allocations go to the C library.
const LARGE: usize = 1 << 20;

/// The largest alignment `malloc` guarantees on the platforms hasten builds for.
const MALLOC_ALIGN: usize = 16;

pub struct Hybrid;

fn large(layout: &Layout) -> bool {
    layout.size() >= LARGE && layout.align() <= MALLOC_ALIGN
}

// SAFETY: each block is freed and resized by the allocator that made it, told apart by the size
// and alignment of its layout, which Rust passes unchanged to `dealloc` and `realloc`.
unsafe impl GlobalAlloc for Hybrid {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if large(&layout) {
            libc::malloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc(layout)
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if large(&layout) {
            libc::calloc(1, layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc_zeroed(layout)
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if large(&layout) {
            libc::free(ptr.cast())
        } else {
            mimalloc::MiMalloc.dealloc(ptr, layout)
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        match (large(&layout), large(&new)) {
            (true, true) => libc::realloc(ptr.cast(), new_size).cast(),
            (false, false) => mimalloc::MiMalloc.realloc(ptr, layout, new_size),
            _ => {
                // Crossing the line: a block of the other allocator, and a copy.
                let fresh = self.alloc(new);
                if !fresh.is_null() {
                    std::ptr::copy_nonoverlapping(ptr, fresh, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                fresh
            }
        }
    }
}
