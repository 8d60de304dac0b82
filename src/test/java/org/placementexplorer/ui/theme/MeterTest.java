package org.placementexplorer.ui.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MeterTest {
    @Test
    void clampsToAFractionAndFillsThatShareOfItsWidth() {
        Meter m = new Meter();
        m.setProgress(1.7);
        assertEquals(1.0, m.getProgress());
        m.setProgress(Double.NaN);
        assertEquals(0.0, m.getProgress());
        m.setProgress(-0.2);
        assertEquals(0.0, m.getProgress());
        m.setProgress(0.25);
        m.resize(200, 14);
        m.layout();
        assertEquals(50.0, m.getChildrenUnmodifiable().get(0).getLayoutBounds().getWidth(), 1.0);
    }
}
