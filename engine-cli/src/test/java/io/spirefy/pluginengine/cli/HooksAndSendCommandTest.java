package io.spirefy.pluginengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HooksAndSendCommandTest {

    private static final String[] DECORATORS = {
            "--plugins", CliRun.plugin("anchor-host"), "--plugins", CliRun.plugin("hook-upper"),
            "--plugins", CliRun.plugin("hook-bracket"), "--plugins", CliRun.plugin("hook-exclaim"),
            "--plugins", CliRun.plugin("hook-minor")};

    private static String[] args(String command, String[] plugins, String... rest) {
        String[] all = new String[1 + plugins.length + rest.length];
        all[0] = command;
        System.arraycopy(plugins, 0, all, 1, plugins.length);
        System.arraycopy(rest, 0, all, 1 + plugins.length, rest.length);
        return all;
    }

    @Test
    void hooksPrintsTheResolvedHooksInCallOrder() throws IOException {
        CliRun r = CliRun.of(args("hooks", DECORATORS, "greeting.decorators"));
        assertThat(r.code()).isZero();
        JsonNode hooks = new ObjectMapper().readTree(r.out());
        assertThat(hooks).hasSize(3);
        // Each element's own ref: findValuesAsText would also collect the metadata's nested "ref" members.
        List<String> refs = new ArrayList<>();
        hooks.forEach(h -> refs.add(h.get("ref").asText()));
        assertThat(refs).containsExactly(
                "test.upper@1.0.0/upper", "test.bracket@1.0.0/bracket", "test.exclaim@1.0.0/exclaim");
        assertThat(hooks.get(0).get("anchorVersion").asText()).isEqualTo("1.2.0");
        assertThat(hooks.get(0).get("func").asText()).isEqualTo("upper");
    }

    @Test
    void hooksPrintsExactlyWhatGetHooksGivesAPlugin() {
        CliRun cli = CliRun.of(args("hooks", DECORATORS, "greeting.decorators"));
        CliRun plugin = CliRun.of(args("call", DECORATORS, "test.anchor", "list_hooks"));
        assertThat(plugin.code()).isZero();
        assertThat(cli.out().strip()).isEqualTo(plugin.out().strip());
    }

    @Test
    void hooksOfAnUndeclaredAnchorIsExit2() {
        CliRun r = CliRun.of(args("hooks", DECORATORS, "no.such.anchor"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("no.such.anchor");
    }

    @Test
    void sendCountsDeliveredAndFailedListeners() {
        CliRun r = CliRun.of("send", "--plugins", CliRun.plugin("event-sender"), "--plugins", CliRun.plugin("listener-ok"),
                "--plugins", CliRun.plugin("listener-fail"), "--input", "hello", "greeting.sent");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo("{\"delivered\":1,\"failed\":1}");
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("test.listen.fail@1.0.0/on-sent", "listener refused");
    }

    @Test
    void sendOfAnUndeclaredEventIsExit2() {
        CliRun r = CliRun.of("send", "--plugins", CliRun.plugin("listener-ok"), "greeting.sent");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("greeting.sent");
    }
}
