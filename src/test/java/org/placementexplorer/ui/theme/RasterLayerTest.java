package org.placementexplorer.ui.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.placementexplorer.draw.Colour;
import org.placementexplorer.draw.Drawing;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Drawings painted off the FX thread show the right pixels, and only the newest one stays. */
@ExtendWith(ApplicationExtension.class)
class RasterLayerTest {
    private RasterLayer layer;

    @Start
    void start(Stage stage) {
        layer = new RasterLayer("test");
        stage.setScene(new Scene(new Pane(layer.node()), 120, 80));
        stage.show();
    }

    private static int argb(Colour c) {
        return 0xff000000 | c.r() << 16 | c.g() << 8 | c.b();
    }

    private int pixel(int x, int y) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> layer.node().getImage().getPixelReader().getArgb(x, y)).get();
    }

    @Test
    void paintsTheDrawingAtItsSize() throws Exception {
        Colour red = Colour.hex("#d62828");
        Colour white = Colour.WHITE;
        Drawing d = new Drawing(40, 30, white).rect(10, 10, 10, 10, red);
        WaitForAsyncUtils.asyncFx(() -> layer.show(d)).get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> layer.shown() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(40, layer.node().getFitWidth());
        assertEquals(30, layer.node().getFitHeight());
        assertEquals(argb(red), pixel(15, 15), "inside the rectangle");
        assertEquals(argb(white), pixel(3, 3), "the background");
        assertEquals(argb(white), pixel(25, 15), "right of the rectangle");
    }

    @Test
    void theNewestDrawingWins() throws Exception {
        int n = 30;
        WaitForAsyncUtils.asyncFx(() -> {
            for (int i = 0; i < n; i++) {
                layer.show(new Drawing(50, 20, new Colour(i * 8, 0, 0, 1)));
            }
        }).get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(layer::upToDate).get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(argb(new Colour((n - 1) * 8, 0, 0, 1)), pixel(5, 5));
        assertTrue(layer.shown() <= n, "skipped drawings are not shown: " + layer.shown());
        assertEquals(n, layer.submitted());
    }

    @Test
    void aDrawingBuiltOnTheLayersThreadIsShownToo() throws Exception {
        Colour blue = Colour.hex("#1f5fcc");
        String[] builtOn = new String[1];
        WaitForAsyncUtils.asyncFx(() -> layer.show(() -> {
            builtOn[0] = Thread.currentThread().getName();
            return new Drawing(20, 20, blue);
        })).get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> layer.shown() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("raster-test", builtOn[0]);
        assertEquals(argb(blue), pixel(10, 10));
    }
}
