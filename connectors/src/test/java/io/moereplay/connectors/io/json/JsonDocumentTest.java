package io.moereplay.connectors.io.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.moereplay.connectors.io.json.JsonKeys.optional;
import static io.moereplay.connectors.io.json.JsonKeys.required;
import static io.moereplay.connectors.io.json.JsonType.OBJECT;
import static io.moereplay.connectors.io.json.JsonType.POSITIVE_INT;
import static io.moereplay.connectors.io.json.JsonType.POSITIVE_INTS;
import static io.moereplay.connectors.io.json.JsonType.TEXT;
import static io.moereplay.connectors.io.json.JsonType.TEXTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonDocumentTest {

    private static final JsonKeys INNER = JsonKeys.of(optional("gpus", POSITIVE_INT), optional("sizes", POSITIVE_INTS),
            optional("names", TEXTS));
    private static final JsonKeys OUTER = JsonKeys.of(required("name", TEXT), optional("block", OBJECT),
            optional("list", TEXTS));

    @TempDir
    Path dir;

    private static StrictObject outer(String text) {
        return JsonDocument.parse("f.json", text).root().conform(OUTER);
    }

    private static StrictObject inner(String text) {
        return outer(text).at("block").conform(INNER);
    }

    @Test
    void problemsNameTheLineOfTheKeyOrElementAndItsPath() {
        String text = """
                {"name": "x",
                 "block": {
                   "gpus": 4,
                   "sizes": [1,
                             2,
                             -3]}}""";
        assertThatThrownBy(() -> inner(text))
                .hasMessage("f.json line 6: $.block.sizes[2] must be a positive integer, found -3");
        StrictObject block = outer(text.replace("-3", "3")).at("block").conform(INNER);
        assertThat(block.at("gpus").line()).isEqualTo(3);
        assertThat(block.at("sizes").line()).isEqualTo(4);
        assertThat(block.integers("sizes", List.of())).containsExactly(1, 2, 3);
        assertThat(block.texts("names", List.of("default"))).containsExactly("default");
    }

    @Test
    void anUnknownKeyNamesTheClosestKnownOneAndAllOfThem() {
        assertThatThrownBy(() -> inner("{\"name\": \"x\", \"block\": {\n\"gpu\": 4}}"))
                .hasMessage("f.json line 2: unknown key \"gpu\" in $.block; did you mean \"gpus\"? (known: gpus, sizes,"
                        + " names)");
        assertThatThrownBy(() -> outer("{\"name\": \"x\", \"zzzzzz\": 1}"))
                .hasMessage("f.json line 1: unknown key \"zzzzzz\" in $ (known: name, block, list)");
        assertThatThrownBy(() -> outer("{\"list\": [\"a\"]}"))
                .hasMessage("f.json line 1: missing key \"name\" in $; add it: a non-blank string");
    }

    @Test
    void wrongTypesSayWhatWasFoundAndHowToWriteIt() {
        assertThatThrownBy(() -> inner("{\"name\": \"x\", \"block\": {\"gpus\": \"4\"}}"))
                .hasMessage("f.json line 1: $.block.gpus must be a positive integer, found \"4\"; write the number"
                        + " without quotes");
        assertThatThrownBy(() -> inner("{\"name\": \"x\", \"block\": {\"sizes\": \"4\"}}"))
                .hasMessage("f.json line 1: $.block.sizes must be a list of positive integers, found \"4\"; write it"
                        + " as a list: [4]");
        assertThatThrownBy(() -> outer("{\"name\": \"x\", \"list\": \"a\"}"))
                .hasMessage("f.json line 1: $.list must be a list of non-blank strings, found \"a\"; write it as a"
                        + " list: [\"a\"]");
        assertThatThrownBy(() -> outer("{\"name\": \"x\", \"block\": [1, 2]}"))
                .hasMessage("f.json line 1: $.block must be an object {...}, found a list [1,2]");
        assertThatThrownBy(() -> outer("{\"name\": \"x\", \"list\": []}"))
                .hasMessageStartingWith("f.json line 1: $.list must list at least one value");
        assertThatThrownBy(() -> outer("{\"name\": \"" + "n".repeat(60) + "\", \"list\": [\"\"]}"))
                .hasMessage("f.json line 1: $.list[0] must be a non-blank string, found \"\"");
        assertThat(outer("{\"name\": \"x\", \"block\": null}").has("block")).isFalse();
    }

    @Test
    void choicesNameTheElementAndTheClosestAllowedValue() {
        assertThatThrownBy(() -> outer("{\"name\": \"x\", \"list\": [\"greedy\",\n \"eplbb\"]}")
                .choices("list", List.of("none", "greedy", "eplb"), List.of()))
                .hasMessage("f.json line 2: $.list[1] is \"eplbb\", not one of none, greedy, eplb; did you mean \"eplb\"?");
        assertThat(outer("{\"name\": \"x\", \"list\": [\"EPLB\"]}").choices("list", List.of("eplb"), List.of()))
                .containsExactly("EPLB");
    }

    @Test
    void brokenJsonNamesLineColumnAndTheFix() {
        assertThatThrownBy(() -> JsonDocument.parse("f.json", "{\"a\": [1,\n 2,]}"))
                .hasMessage("f.json line 2, column 4: not valid JSON: a comma before ']': JSON allows none after the"
                        + " last element of a list; remove it");
        assertThatThrownBy(() -> JsonDocument.parse("f.json", "{\"a\": 1,\n}"))
                .hasMessage("f.json line 2, column 1: not valid JSON: a comma before '}': JSON allows none after the"
                        + " last key of an object; remove it");
        assertThatThrownBy(() -> JsonDocument.parse("f.json", "{\"a\": {\"b\": [1, 2"))
                // column 18: just past the last character
                .hasMessage("f.json line 1, column 18: not valid JSON: the file ends before the list opened on line 1,"
                        + " column 13 is closed; is the file cut short?");
        assertThatThrownBy(() -> JsonDocument.parse("f.json", "{'a': 1}"))
                .hasMessage("f.json line 1, column 2: not valid JSON: unexpected character ''': was expecting"
                        + " double-quote to start field name; JSON takes double quotes (\"), not single ones");
        assertThatThrownBy(() -> JsonDocument.parse("f.json", "{\"a\": four}"))
                .hasMessageStartingWith("f.json line 1, column 7: not valid JSON: unrecognized token 'four'")
                .hasMessageEndingWith("; a string takes double quotes (\"...\")");
        assertThatThrownBy(() -> JsonDocument.parse("f.json", "{\"a\": 1}\n{\"a\": 2}"))
                .hasMessage("f.json line 2, column 1: not valid JSON: more JSON after the end of the first value; a"
                        + " file holds one JSON value");
        assertThatThrownBy(() -> JsonDocument.parse("f.json", "{\"a\": 1,\n \"a\": 2}"))
                .hasMessage("f.json line 2: key \"a\" appears twice in one object (first on line 1); keep one");
    }

    @Test
    void emptyMissingAndFolderAreNamedAsSuch() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.json"), " \n");
        assertThatThrownBy(() -> JsonDocument.read(empty))
                .isInstanceOf(JsonInputException.class)
                .hasMessage(empty + ": the file is empty; expected a JSON object {...}");
        assertThatThrownBy(() -> JsonDocument.read(dir.resolve("absent.json")))
                .hasMessage(dir.resolve("absent.json") + ": no such file");
        assertThatThrownBy(() -> JsonDocument.read(dir)).hasMessage(dir + " is a folder; expected a JSON file");
    }
}
