// Bundle vis-timeline's peer build with its peers into one IIFE exposing window.vis.
// The standalone build injects its CSS through a <style> element, which a strict CSP refuses;
// the peer build leaves the CSS to us (served as a file).
import { Timeline } from "vis-timeline/peer";
import { DataSet } from "vis-data/peer";
window.vis = { Timeline, DataSet };
