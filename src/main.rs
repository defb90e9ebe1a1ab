//! The `hkkg` command line. The arguments are declared in `cli/`, one module per group of commands;
//! each command maps its arguments onto a request of the library and calls one library function
//! (see `hkkg::commands`). Exit status: 0 success, 1 a negative answer (the data does not lint or
//! conform, the versions differ), 2 an error.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
