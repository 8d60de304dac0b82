package org.placementexplorer.ui.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.placementexplorer.io.ImportOptions;

/** The Import options dialog's validation, without a window. */
class ImportFormTest {
    private static Map<String, String> dims(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void wholePositiveDimensions() {
        var r = new ImportForm(dims("batch", " 8 ", "seq", "128"), false, "", "").validate();
        assertTrue(r.ok(), r.error());
        assertEquals(new ImportOptions(Map.of("batch", 8L, "seq", 128L), null, null), r.options());
        for (String bad : new String[] {"0", "-3", "1.5", "", "abc", "1e3", "99999999999999999999"}) {
            var b = new ImportForm(dims("batch", "1", "seq", bad), false, "", "").validate();
            assertFalse(b.ok(), bad);
            assertNull(b.options());
            assertTrue(b.error().startsWith("seq must be a whole number of 1 or more"), b.error());
        }
    }

    @Test
    void deviceCounts() {
        var r = new ImportForm(Map.of(), true, "2", "0").validate();
        assertTrue(r.ok(), r.error());
        assertEquals(new ImportOptions(Map.of(), 2, 0), r.options());
        assertEquals("there must be at least one device (an accelerator or a CPU)",
                new ImportForm(Map.of(), true, "0", "0").validate().error());
        assertTrue(new ImportForm(Map.of(), true, "-1", "1").validate().error().contains("accelerators"));
        assertTrue(new ImportForm(Map.of(), true, "1", "x").validate().error().contains("CPUs"));
        // without devices of its own the counts are not asked for
        assertEquals(ImportOptions.DEFAULT, new ImportForm(Map.of(), false, "x", "y").validate().options());
    }

    @Test
    void saysWhereADimensionIsUsed() {
        assertEquals("", ImportOptionsDialog.usesText(null));
        assertEquals(" · x axis 2", ImportOptionsDialog.usesText(java.util.List.of("x axis 2")));
        assertEquals(" · ids axis 0 (+2 more)", ImportOptionsDialog.usesText(
                java.util.List.of("ids axis 0", "mask axis 0", "types axis 0")));
    }
}
