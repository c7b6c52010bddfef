//! What every contract wasm needs and only wasm needs: a global allocator
//! and a panic handler that reports through the chain.

use crate::sys;
use core::alloc::{GlobalAlloc, Layout};

/// A bump allocator growing linear memory from `__heap_base`. An action's
/// memory lives only as long as the action, so freeing is unnecessary,
/// except that the most recent block may grow or shrink in place (the
/// common `Vec` pattern).
struct BumpAllocator;

static mut NEXT: usize = 0;
static mut LAST: usize = 0;

extern "C" {
    static __heap_base: u8;
}

const PAGE: usize = 65_536;

unsafe fn ensure(end: usize) -> bool {
    let have = core::arch::wasm32::memory_size(0) * PAGE;
    if end <= have {
        return true;
    }
    let pages = (end - have).div_ceil(PAGE);
    core::arch::wasm32::memory_grow(0, pages) != usize::MAX
}

unsafe impl GlobalAlloc for BumpAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if NEXT == 0 {
            NEXT = core::ptr::addr_of!(__heap_base) as usize;
        }
        let start = (NEXT + layout.align() - 1) & !(layout.align() - 1);
        let end = match start.checked_add(layout.size()) {
            Some(e) => e,
            None => return core::ptr::null_mut(),
        };
        if !ensure(end) {
            return core::ptr::null_mut();
        }
        LAST = start;
        NEXT = end;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // Give back the most recent block; anything else lives until the
        // action ends.
        if ptr as usize == LAST && LAST + layout.size() == NEXT {
            NEXT = LAST;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if ptr as usize == LAST && LAST + layout.size() == NEXT {
            let end = match LAST.checked_add(new_size) {
                Some(e) => e,
                None => return core::ptr::null_mut(),
            };
            if !ensure(end) {
                return core::ptr::null_mut();
            }
            NEXT = end;
            return ptr;
        }
        let new = self.alloc(Layout::from_size_align_unchecked(new_size, layout.align()));
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: BumpAllocator = BumpAllocator;

/// Reports the panic message through `eosio_assert_message`. Messages with
/// formatted arguments are reported by their static part only: formatting
/// would link `core::fmt` into every contract.
#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    let msg = info.message().as_str().unwrap_or("contract panicked");
    sys::assert_message(msg)
}
