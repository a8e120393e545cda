//! Reading values from the terminal without echo (`create --prompt`,
//! `create --interactive`, `raw --prompt`).
//!
//! Echo goes off *before* the prompt is printed and stays off until the
//! last answer is read, so a user who types as soon as the prompt shows
//! (or types the second answer ahead) never sees a value on the screen.
//! The terminal is put back by a guard's `Drop`, on every path: an answer,
//! an error, Ctrl-C, Ctrl-D or a panic.

use zeroize::Zeroizing;

/// The controlling terminal with echo off until dropped.
pub(crate) struct HiddenTerminal {
    #[cfg(unix)]
    inner: unix::Raw,
}

impl HiddenTerminal {
    /// Opens the controlling terminal and switches echo off (on unix; on
    /// other systems each [`ask`](Self::ask) switches it for its answer).
    pub(crate) fn open() -> std::io::Result<Self> {
        Ok(HiddenTerminal {
            #[cfg(unix)]
            inner: unix::Raw::open()?,
        })
    }

    /// Prints `prompt` on the terminal and reads one line without echo.
    pub(crate) fn ask(&mut self, prompt: &str) -> std::io::Result<Zeroizing<String>> {
        #[cfg(unix)]
        {
            self.inner.ask(prompt)
        }
        #[cfg(not(unix))]
        {
            rpassword::prompt_password(prompt).map(Zeroizing::new)
        }
    }
}

#[cfg(unix)]
mod unix {
    use std::fs::File;
    use std::io::{Error, ErrorKind, Read, Write};

    use rustix::termios::{
        LocalModes, OptionalActions, SpecialCodeIndex, Termios, tcgetattr, tcsetattr,
    };
    use zeroize::Zeroizing;

    const BACKSPACE: u8 = 0x08;
    const DEL: u8 = 0x7f;
    const CTRL_C: u8 = 0x03;
    const CTRL_D: u8 = 0x04;
    const CTRL_U: u8 = 0x15;
    const ESC: u8 = 0x1b;

    /// `/dev/tty` without echo, line editing or signal keys (so Ctrl-C
    /// comes back here and the terminal is restored before the run ends);
    /// the saved settings are put back on drop.
    pub(super) struct Raw {
        tty: File,
        saved: Termios,
    }

    impl Raw {
        pub(super) fn open() -> std::io::Result<Self> {
            let tty = File::options().read(true).write(true).open("/dev/tty")?;
            let saved = tcgetattr(&tty)?;
            let mut quiet = saved.clone();
            quiet.local_modes -= LocalModes::ECHO
                | LocalModes::ECHOE
                | LocalModes::ECHOK
                | LocalModes::ECHONL
                | LocalModes::ICANON
                | LocalModes::ISIG;
            quiet.special_codes[SpecialCodeIndex::VMIN] = 1;
            quiet.special_codes[SpecialCodeIndex::VTIME] = 0;
            // The guard exists before the switch, so a failing switch
            // still restores whatever part of it took effect.
            let raw = Raw { tty, saved };
            tcsetattr(&raw.tty, OptionalActions::Now, &quiet)?;
            Ok(raw)
        }

        pub(super) fn ask(&mut self, prompt: &str) -> std::io::Result<Zeroizing<String>> {
            self.tty.write_all(prompt.as_bytes())?;
            self.tty.flush()?;
            let line = self.read_line();
            // Enter is not echoed either: end the prompt's line here.
            self.tty.write_all(b"\n")?;
            let line = line?;
            match std::str::from_utf8(&line) {
                Ok(text) => Ok(Zeroizing::new(text.to_string())),
                Err(_) => Err(Error::new(
                    ErrorKind::InvalidData,
                    "the value typed is not UTF-8",
                )),
            }
        }

        fn byte(&mut self) -> std::io::Result<u8> {
            let mut b = [0u8; 1];
            loop {
                match self.tty.read(&mut b) {
                    Ok(0) => return Err(Error::from(ErrorKind::UnexpectedEof)),
                    Ok(_) => return Ok(b[0]),
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            }
        }

        /// One line, with the editing keys a canonical terminal offers:
        /// backspace, Ctrl-U; Ctrl-C and Ctrl-D (on an empty line) end it
        /// with an error; escape sequences (arrow keys) are dropped.
        fn read_line(&mut self) -> std::io::Result<Zeroizing<Vec<u8>>> {
            let mut line = Zeroizing::new(Vec::with_capacity(256));
            loop {
                match self.byte()? {
                    b'\n' | b'\r' => return Ok(line),
                    DEL | BACKSPACE => {
                        // Drop one whole UTF-8 character.
                        while let Some(b) = line.pop() {
                            if b & 0xc0 != 0x80 {
                                break;
                            }
                        }
                    }
                    CTRL_U => line.clear(),
                    CTRL_C => return Err(Error::new(ErrorKind::Interrupted, "interrupted")),
                    CTRL_D if line.is_empty() => return Err(Error::from(ErrorKind::UnexpectedEof)),
                    ESC => {
                        let next = self.byte()?;
                        if next == b'[' || next == b'O' {
                            while !(0x40..=0x7e).contains(&self.byte()?) {}
                        }
                    }
                    b if b < 0x20 => {}
                    b => push_wiped(&mut line, b),
                }
            }
        }
    }

    /// Appends without leaving an unwiped copy behind when the buffer grows.
    fn push_wiped(line: &mut Zeroizing<Vec<u8>>, b: u8) {
        if line.len() == line.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(line.capacity() * 2));
            bigger.extend_from_slice(line);
            *line = bigger;
        }
        line.push(b);
    }

    impl Drop for Raw {
        fn drop(&mut self) {
            // Nothing more can be done when this fails: the terminal is gone.
            let _ = tcsetattr(&self.tty, OptionalActions::Now, &self.saved);
        }
    }
}
