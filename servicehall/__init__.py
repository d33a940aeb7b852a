"""ServiceHall 政务大厅综合窗口与周报系统."""
