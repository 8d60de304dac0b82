package org.placementexplorer.ui.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.Samples;

class StartPageTest {
    /** The start page says where each bundled sample opens; the file itself decides. */
    @Test
    void everySampleSaysWhetherItBringsItsOwnDevices() {
        for (String g : Samples.GRAPHS) {
            boolean own = ModelLoader.load(Samples.graphFile(g), ImportOptions.DEFAULT).carriesDevices();
            assertEquals(own ? "with its own devices" : "on " + Samples.DEFAULT_CLUSTER, StartPage.where(g), g);
        }
    }
}
