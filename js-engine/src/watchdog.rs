//! A watchdog thread that terminates JavaScript running past its time limit.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use deno_core::v8::IsolateHandle;

/// How long terminated JavaScript may take to stop before the watchdog gives
/// up on it and aborts the process.
pub const GRACE: Duration = Duration::from_secs(3);

/// Terminates the isolate's running JavaScript when `timeout` passes before
/// [`Watchdog::stop`] is called.
///
/// QuickJS polls for termination at loop back-edges and calls and then throws
/// an uncatchable error, which stops ordinary endless loops and recursion. On
/// this backend, though, building that error's stack trace runs deno_core's
/// stack-trace hook, which fails while terminating and leaves a *catchable*
/// error: a loop that catches every exception (`for (;;) { try { … } catch
/// {} }`) keeps running. Such a loop cannot be stopped from outside without
/// ending the process, so when terminated JavaScript has not stopped within
/// [`GRACE`], the watchdog reports it on stderr and aborts the process: a
/// test run fails loudly instead of hanging.
pub struct Watchdog {
    stop: Sender<()>,
    thread: JoinHandle<bool>,
}

impl Watchdog {
    /// Starts watching; the clock starts now.
    pub fn start(isolate: IsolateHandle, timeout: Duration) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = thread::spawn(move || watch(&isolate, &stopped, timeout));
        Self { stop, thread }
    }

    /// Stops watching; returns whether the time limit was hit (and execution
    /// was terminated).
    pub fn stop(self) -> bool {
        // The send fails only when the thread has already fired and exited.
        let _ = self.stop.send(());
        self.thread.join().unwrap_or(true)
    }
}

/// The watchdog thread: whether it had to terminate execution.
fn watch(isolate: &IsolateHandle, stopped: &Receiver<()>, timeout: Duration) -> bool {
    match stopped.recv_timeout(timeout) {
        Ok(()) | Err(RecvTimeoutError::Disconnected) => return false,
        Err(RecvTimeoutError::Timeout) => {}
    }
    isolate.terminate_execution();
    if let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(GRACE) {
        eprintln!(
            "nanvm-js-engine: JavaScript ran past its {timeout:?} time limit and did not stop \
             within {GRACE:?} of being terminated (a loop that catches every exception?): \
             aborting the process"
        );
        std::process::abort();
    }
    true
}
