//! The `reviewpack` command.

use std::process::ExitCode;

use clap::Parser;

// typst and polars allocate heavily; mimalloc is markedly faster than the system allocator here.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use reviewpack::memory::{MI_OPTION_ALLOW_THP, MI_OPTION_PURGE_DELAY};

fn main() -> ExitCode {
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // Transparent huge pages: each first touch of memory zeroes 2 MiB, most of it for
        // nothing when a load allocates millions of small strings. Without them loading a
        // 1,000,000-ticket export takes 15% less CPU and 9% less memory, and 50 syncs spend
        // no longer a fifth of their time in the kernel zeroing pages. The option alone comes
        // too late: mimalloc reads it when the process starts, before `main`, and its first
        // arena (reserved then) asks the kernel for huge pages; the process-wide switch turns
        // them off for every mapping, that one included.
        // SAFETY: called before any other thread exists.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0) };
        reviewpack::memory::disable_huge_pages();
    }
    if matches!(
        std::env::args().nth(1).as_deref(),
        Some("build" | "run" | "send")
    ) {
        // Typesetting many packs (build, run, send) allocates and frees heavily: keeping freed
        // memory mapped instead of returning it to the OS after a second (mimalloc v3's
        // default) avoids re-faulting pages (about 7% of a 50-pack run, measured when it was
        // added). Other commands keep the default, which holds peak memory lower.
        // SAFETY: called before any other thread exists.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    }
    if std::env::var_os("RUST_MIN_STACK").is_none() {
        // Packs are built on polars' thread pool (cmd/queue.rs), whose threads get the standard
        // library's default stack unless this says otherwise; the standard library reads it at
        // the first thread it starts. 64 MiB of address space, used only as touched, as for
        // rayon's pool below.
        // SAFETY: called before any other thread exists.
        unsafe { std::env::set_var("RUST_MIN_STACK", (64usize << 20).to_string()) };
    }
    // Client views are built on rayon's pool and call polars, which runs on its own pool: a
    // worker waiting for polars takes on other clients' views meanwhile, nesting a client in a
    // client on its stack (about a thousand frames for 500 clients; packs and KPI reports are
    // built on polars' pool, one at a time, see cmd/queue.rs). Stacks of 64 MiB (address
    // space, used only as touched) leave room for thousands of clients.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(64 << 20)
        .build_global();
    let args = reviewpack::cli::Args::parse();
    match reviewpack::cmd::run(args) {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind);
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind);
        io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use reviewpack::memory::{MI_OPTION_ALLOW_THP, MI_OPTION_PURGE_DELAY};

    /// Option 43 is `allow_thp`: its default is 1 on Linux, where its neighbours default to 32
    /// (`page_cross_thread_max_reclaim`, `MI_DEFAULT_PAGE_CROSS_THREAD_MAX_RECLAIM` in `options.c`;
    /// the header's "(=16)" is older) and 0 (`minimal_purge_size`).
    #[test]
    fn the_option_set_is_allow_thp() {
        if std::env::var_os("MIMALLOC_ALLOW_THP").is_some() {
            return;
        }
        // SAFETY: reading an option has no preconditions.
        let around =
            unsafe { [42, MI_OPTION_ALLOW_THP, 44].map(|o| libmimalloc_sys::mi_option_get(o)) };
        assert_eq!(around, [32, 1, 0]);
    }

    /// Option 15 is the purge delay: its default is 1000 ms (`c_src/mimalloc/v3/src/options.c`
    /// of libmimalloc-sys 0.1.49; the header's "(=10)" is older), where option 16,
    /// `use_numa_nodes`, defaults to 0.
    #[test]
    fn the_option_set_is_the_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading an option has no preconditions.
        let value = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(value, 1000);
    }
}
