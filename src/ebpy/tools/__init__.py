"""Tools on top of the engines: map views, histograms, event printing, exporters, reference tools."""
