//! Keeping plaintext out of core dumps: commands that hold Secret values
//! turn core dumps off for their process before they read any (an
//! `RLIMIT_CORE` of 0, and on Linux `PR_SET_DUMPABLE` 0, which also keeps
//! other processes of the same user from attaching a debugger).

/// Turns core dumps off for this process, for good. Failing is reported
/// once on standard error and does not stop the run: the limit is a second
/// line of defence, not one the user can always set.
pub fn forbid() {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        let none = Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        if let Err(e) = setrlimit(Resource::Core, none) {
            crate::note!(
                "warning: cannot turn core dumps off ({e}); a crash may write plaintext to a core file"
            );
        }
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Err(e) =
            rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
        {
            crate::note!("warning: cannot mark the process not dumpable ({e})");
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn forbids_core_dumps() {
        super::forbid();
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!(limit.current, Some(0));
        assert_eq!(limit.maximum, Some(0));
        assert_eq!(
            rustix::process::dumpable_behavior().unwrap(),
            rustix::process::DumpableBehavior::NotDumpable
        );
    }
}
