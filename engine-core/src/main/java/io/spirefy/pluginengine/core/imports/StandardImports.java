package io.spirefy.pluginengine.core.imports;

import java.util.Arrays;
import java.util.List;

/**
 * What every plugin gets from both runtimes whatever it is granted (contract section 9): the
 * Extism kernel in {@code extism:host/env}, and WASI preview 1 (with no files, environment or
 * arguments: the functions are all linked, the sandbox answers their calls). Types as the Extism
 * kernel (extism-runtime.wasm) and the WASI preview 1 witx declare them.
 */
public final class StandardImports {

    public static final String KERNEL = "extism:host/env";
    public static final String WASI = "wasi_snapshot_preview1";

    private StandardImports() {
    }

    /** Adds the kernel and WASI to {@code offered}, and says why the kernel's network functions are withheld. */
    public static OfferedImports addTo(OfferedImports offered) {
        // The kernel's own exports.
        kernel(offered, "alloc", "i64", "i64");
        kernel(offered, "free", "i64", "");
        kernel(offered, "length", "i64", "i64");
        kernel(offered, "length_unsafe", "i64", "i64");
        kernel(offered, "load_u8", "i64", "i32");
        kernel(offered, "load_u64", "i64", "i64");
        kernel(offered, "input_load_u8", "i64", "i32");
        kernel(offered, "input_load_u64", "i64", "i64");
        kernel(offered, "store_u8", "i64 i32", "");
        kernel(offered, "store_u64", "i64 i64", "");
        kernel(offered, "input_set", "i64 i64", "");
        kernel(offered, "output_set", "i64 i64", "");
        kernel(offered, "input_length", "", "i64");
        kernel(offered, "input_offset", "", "i64");
        kernel(offered, "output_length", "", "i64");
        kernel(offered, "output_offset", "", "i64");
        kernel(offered, "reset", "", "");
        kernel(offered, "error_set", "i64", "");
        kernel(offered, "error_get", "", "i64");
        kernel(offered, "memory_bytes", "", "i64");
        // The runtime's functions in the kernel's namespace.
        kernel(offered, "config_get", "i64", "i64");
        kernel(offered, "var_get", "i64", "i64");
        kernel(offered, "var_set", "i64 i64", "");
        for (String level : List.of("trace", "debug", "info", "warn", "error")) kernel(offered, "log_" + level, "i64", "");
        kernel(offered, "get_log_level", "", "i32");
        for (String http : List.of("http_request", "http_status_code", "http_headers")) {
            offered.withhold(KERNEL, http, "network access is not granted to plugins");
        }

        wasi(offered, "args_get", "i32 i32");
        wasi(offered, "args_sizes_get", "i32 i32");
        wasi(offered, "environ_get", "i32 i32");
        wasi(offered, "environ_sizes_get", "i32 i32");
        wasi(offered, "clock_res_get", "i32 i32");
        wasi(offered, "clock_time_get", "i32 i64 i32");
        wasi(offered, "fd_advise", "i32 i64 i64 i32");
        wasi(offered, "fd_allocate", "i32 i64 i64");
        wasi(offered, "fd_close", "i32");
        wasi(offered, "fd_datasync", "i32");
        wasi(offered, "fd_fdstat_get", "i32 i32");
        wasi(offered, "fd_fdstat_set_flags", "i32 i32");
        wasi(offered, "fd_fdstat_set_rights", "i32 i64 i64");
        wasi(offered, "fd_filestat_get", "i32 i32");
        wasi(offered, "fd_filestat_set_size", "i32 i64");
        wasi(offered, "fd_filestat_set_times", "i32 i64 i64 i32");
        wasi(offered, "fd_pread", "i32 i32 i32 i64 i32");
        wasi(offered, "fd_prestat_get", "i32 i32");
        wasi(offered, "fd_prestat_dir_name", "i32 i32 i32");
        wasi(offered, "fd_pwrite", "i32 i32 i32 i64 i32");
        wasi(offered, "fd_read", "i32 i32 i32 i32");
        wasi(offered, "fd_readdir", "i32 i32 i32 i64 i32");
        wasi(offered, "fd_renumber", "i32 i32");
        wasi(offered, "fd_seek", "i32 i64 i32 i32");
        wasi(offered, "fd_sync", "i32");
        wasi(offered, "fd_tell", "i32 i32");
        wasi(offered, "fd_write", "i32 i32 i32 i32");
        wasi(offered, "path_create_directory", "i32 i32 i32");
        wasi(offered, "path_filestat_get", "i32 i32 i32 i32 i32");
        wasi(offered, "path_filestat_set_times", "i32 i32 i32 i32 i64 i64 i32");
        wasi(offered, "path_link", "i32 i32 i32 i32 i32 i32 i32");
        wasi(offered, "path_open", "i32 i32 i32 i32 i32 i64 i64 i32 i32");
        wasi(offered, "path_readlink", "i32 i32 i32 i32 i32 i32");
        wasi(offered, "path_remove_directory", "i32 i32 i32");
        wasi(offered, "path_rename", "i32 i32 i32 i32 i32 i32");
        wasi(offered, "path_symlink", "i32 i32 i32 i32 i32");
        wasi(offered, "path_unlink_file", "i32 i32 i32");
        wasi(offered, "poll_oneoff", "i32 i32 i32 i32");
        offered.offer(WASI, "proc_exit", new FunctionType(List.of("i32"), List.of()));
        wasi(offered, "proc_raise", "i32");
        wasi(offered, "sched_yield", "");
        wasi(offered, "random_get", "i32 i32");
        wasi(offered, "sock_accept", "i32 i32 i32");
        wasi(offered, "sock_recv", "i32 i32 i32 i32 i32 i32");
        wasi(offered, "sock_send", "i32 i32 i32 i32 i32");
        wasi(offered, "sock_shutdown", "i32 i32");
        return offered;
    }

    private static void kernel(OfferedImports offered, String name, String params, String results) {
        offered.offer(KERNEL, name, new FunctionType(words(params), words(results)));
    }

    /** Every WASI function returns its errno as an i32. */
    private static void wasi(OfferedImports offered, String name, String params) {
        offered.offer(WASI, name, new FunctionType(words(params), List.of("i32")));
    }

    private static List<String> words(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }
}
