// ServiceHall's ECharts: only what its pages draw (line charts on a category × value grid,
// with tooltip and legend, on canvas).
import * as echarts from "echarts/core";
import { LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);
export * from "echarts/core";
