//! The `elenchus` command: parse the arguments, run, print, exit.

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;
use elenchus::cli::StdStream;

/// The command's allocator. Reading and checking a map makes hundreds of
/// thousands of small allocations, which mimalloc serves in fewer
/// instructions than the system's allocator. Built without transparent huge
/// pages: where the kernel compacts memory to make one, a large map's run
/// paid seconds of system time. Measured in docs/performance.md ("The
/// allocator").
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mi::Mimalloc = mi::Mimalloc;

/// mimalloc as Rust's allocator. Every mimalloc block is aligned to a word
/// (its sizes are whole words), so allocations that need no more are served
/// by `mi_malloc` and `mi_realloc`; only larger alignments take mimalloc's
/// aligned calls, which test the alignment of the block they find (always
/// taking those, as the `mimalloc` crate does, cost about 8 million
/// instructions more in the check of a 10k-statement map).
#[cfg(feature = "mimalloc")]
mod mi {
    use libmimalloc_sys as sys;
    use std::alloc::{GlobalAlloc, Layout};

    /// The alignment of every block: a word.
    const WORD: usize = std::mem::size_of::<usize>();

    pub struct Mimalloc;

    // SAFETY: the calls are mimalloc's malloc/zalloc/realloc/free, each given
    // the layout's size, and its aligned forms wherever the layout asks for
    // more than the word every block has.
    unsafe impl GlobalAlloc for Mimalloc {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let p = if layout.align() <= WORD {
                unsafe { sys::mi_malloc(layout.size()) }
            } else {
                unsafe { sys::mi_malloc_aligned(layout.size(), layout.align()) }
            };
            p.cast()
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            let p = if layout.align() <= WORD {
                unsafe { sys::mi_zalloc(layout.size()) }
            } else {
                unsafe { sys::mi_zalloc_aligned(layout.size(), layout.align()) }
            };
            p.cast()
        }

        unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
            unsafe { sys::mi_free(ptr.cast()) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let p = if layout.align() <= WORD {
                unsafe { sys::mi_realloc(ptr.cast(), new_size) }
            } else {
                unsafe { sys::mi_realloc_aligned(ptr.cast(), new_size, layout.align()) }
            };
            p.cast()
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// Every block is aligned as its layout asks, zeroed when asked, and
        /// keeps its bytes when it grows, whatever the size and alignment.
        #[test]
        fn blocks_aligned_zeroed_and_kept() {
            let a = Mimalloc;
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                for size in (1..=300).chain([511, 512, 4095, 4096, 70_000, 1 << 21]) {
                    let layout = Layout::from_size_align(size, align).unwrap();
                    unsafe {
                        let z = a.alloc_zeroed(layout);
                        assert!(!z.is_null() && (z as usize).is_multiple_of(align), "zalloc {size} {align}");
                        assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                        let p = a.alloc(layout);
                        assert!(!p.is_null() && (p as usize).is_multiple_of(align), "alloc {size} {align}");
                        for i in 0..size {
                            *p.add(i) = i as u8;
                        }
                        let q = a.realloc(p, layout, 3 * size);
                        assert!(!q.is_null() && (q as usize).is_multiple_of(align), "realloc {size} {align}");
                        assert!((0..size).all(|i| *q.add(i) == i as u8));
                        a.dealloc(q, Layout::from_size_align(3 * size, align).unwrap());
                        a.dealloc(z, layout);
                    }
                }
            }
        }
    }
}

/// Whether standard output was closed when the process started (`>&-`).
/// The Rust runtime reopens a closed standard stream on `/dev/null` before
/// `main` runs, where writes vanish; so this is looked at earlier, by an
/// initialiser of the program, and such an output then fails every write.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn see_stdout() {
    // SAFETY: `fcntl(F_GETFD)` only asks whether the descriptor is open.
    if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
}

#[cfg(unix)]
#[used]
#[cfg_attr(not(target_vendor = "apple"), unsafe(link_section = ".init_array"))]
#[cfg_attr(target_vendor = "apple", unsafe(link_section = "__DATA,__mod_init_func"))]
static SEE_STDOUT: extern "C" fn() = see_stdout;

fn main() {
    let cli = elenchus::cli::Cli::parse();
    let mut out = StdStream::new(std::io::stdout().lock(), STDOUT_CLOSED.load(Ordering::Relaxed));
    let mut err = StdStream::new(std::io::stderr(), false);
    let code = match elenchus::cli::run(cli, &mut out, &mut err) {
        Ok(code) => code,
        Err(e) => {
            drop(out);
            let _ = writeln!(err, "error: {}", elenchus::diag::terminal_safe(&e.to_string()));
            elenchus::cli::EXIT_INVALID
        }
    };
    std::process::exit(code);
}
