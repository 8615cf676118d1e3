package io.spirefy.pluginengine.manifest.yaml;

import io.spirefy.pluginengine.api.Problem;
import io.spirefy.pluginengine.api.plugin.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.spirefy.pluginengine.manifest.yaml.Manifests.errors;
import static io.spirefy.pluginengine.manifest.yaml.Manifests.minimal;
import static io.spirefy.pluginengine.manifest.yaml.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** The manifest's {@code permissions} list (contract sections 3 and 9). */
class PermissionsManifestTest {

    @Test
    void readsEveryKindOfPermissionInOrder() {
        var d = parse(minimal("permissions:\n  - templates\n  - files\n  - host:extism:host/user/app_lookup\n")).descriptor();
        assertThat(d.permissions()).extracting(Permission::text)
                .containsExactly("templates", "files", "host:extism:host/user/app_lookup");
        Permission host = d.permissions().get(2);
        assertThat(host.isHostFunction()).isTrue();
        assertThat(host.namespace()).isEqualTo("extism:host/user");
        assertThat(host.functionName()).isEqualTo("app_lookup");
    }

    @Test
    void noPermissionsByDefault() {
        assertThat(parse(minimal("")).descriptor().permissions()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            permissions[1]  | permissions: [files, network]               | permission 'network' is not a known permission; expected 'files', 'templates' or 'host:<namespace>/<name>'
            permissions[0]  | permissions: ['host:app_lookup']             | does not name a host function as <namespace>/<name>
            permissions[0]  | permissions: ['host:ns/']                    | does not name a host function
            permissions[0]  | permissions: ['host:a b/c']                  | contains whitespace
            permissions[0]  | permissions: [Files]                         | permission 'Files' is not a known permission
            permissions[0]  | permissions: [42]                            | expected a permission ('files', 'templates' or 'host:<namespace>/<name>' (e.g. host:extism:host/user/app_lookup)), got the integer 42
            permissions[0]  | permissions: [{files: true}]                 | got a mapping
            permissions[2]  | permissions: [files, templates, files]       | permission 'files' is already asked for at permissions[0]
            permissions     | permissions: files                           | expected a list of permissions
            """)
    void namesTheKeyPathOfEachMalformedEntry(String keyPath, String yaml, String message) {
        List<Problem> problems = errors(minimal(yaml + "\n"));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).keyPath()).isEqualTo(keyPath);
        assertThat(problems.get(0).message()).contains(message);
    }
}
