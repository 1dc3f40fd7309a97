//! The allocator options the commands set (mimalloc's, through `libmimalloc-sys`).

/// `mi_option_purge_delay` in the mimalloc v3 that libmimalloc-sys 0.1.49 builds
/// (`c_src/mimalloc/v3/include/mimalloc.h`, `mi_option_e`: the 16th entry, counting from 0).
/// The crate exports no constant for it; 16 is `mi_option_use_numa_nodes`.
pub const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// `mi_option_allow_thp` in the same header: the 44th entry, counting from 0 (between
/// `page_cross_thread_max_reclaim` and `minimal_purge_size`).
pub const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Turns transparent huge pages off for the whole process (`PR_SET_THP_DISABLE`), including
/// mappings already made, such as the arena mimalloc reserves before `main`.
pub fn disable_huge_pages() {
    // SAFETY: prctl(PR_SET_THP_DISABLE) only sets a flag of the process.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}

/// While it lives, memory freed is returned to the OS at once (purge delay 0) instead of after
/// a delay; the delay before is restored when it is dropped. Reading a large export frees a
/// piece's memory and the ticket records' as the next ones are built: returned at once, the
/// peak holds one of them, not both (5,000,000 tickets: about 1.8 GB instead of 2.2 GB, in the
/// same time). `MIMALLOC_PURGE_DELAY` set in the environment is left as it is.
pub struct PromptPurge(Option<std::os::raw::c_long>);

impl PromptPurge {
    /// Returns freed memory at once until dropped.
    pub fn start() -> Self {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return Self(None);
        }
        // SAFETY: options are plain values mimalloc reads when it purges; any thread may set
        // them.
        let before = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
        Self(Some(before))
    }
}

impl Drop for PromptPurge {
    fn drop(&mut self) {
        if let Some(before) = self.0 {
            // SAFETY: as in `start`.
            unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, before) };
        }
    }
}

#[cfg(test)]
mod tests {
    /// After the call the kernel reports huge pages off for the process.
    #[test]
    fn huge_pages_are_turned_off_for_the_process() {
        super::disable_huge_pages();
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        // Kernels before 5.0 do not report it.
        if status.contains("THP_enabled:") {
            assert!(status.contains("THP_enabled:\t0"), "{status}");
        }
    }
}
