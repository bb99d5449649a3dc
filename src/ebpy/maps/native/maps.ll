; ebpy map storage, generated from maps.c by `python -m ebpy.maps.native.build`; do not edit.
; source-sha256: 360d567e6df582d5e365baf55b3b9477022e0206169b72ce090ac9ea00f5b77b
; clang: 22.1.8
%struct.ebpy_map = type { i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64 }

; Function Attrs: nofree norecurse nosync nounwind memory(argmem: read)
define dso_local i32 @ebpy_jhash(ptr noundef readonly captures(none) %0, i32 noundef %1, i32 noundef %2) local_unnamed_addr #0 {
  %4 = add i32 %1, -559038737
  %5 = add i32 %4, %2
  %6 = icmp ugt i32 %1, 12
  br i1 %6, label %7, label %48

7:                                                ; preds = %3, %7
  %8 = phi i32 [ %43, %7 ], [ %5, %3 ]
  %9 = phi i32 [ %44, %7 ], [ %5, %3 ]
  %10 = phi i32 [ %40, %7 ], [ %5, %3 ]
  %11 = phi ptr [ %46, %7 ], [ %0, %3 ]
  %12 = phi i32 [ %45, %7 ], [ %1, %3 ]
  %13 = load i32, ptr %11, align 1
  %14 = add i32 %13, %10
  %15 = getelementptr inbounds nuw i8, ptr %11, i64 4
  %16 = load i32, ptr %15, align 1
  %17 = add i32 %16, %9
  %18 = getelementptr inbounds nuw i8, ptr %11, i64 8
  %19 = load i32, ptr %18, align 1
  %20 = add i32 %19, %8
  %21 = sub i32 %14, %20
  %22 = tail call noundef i32 @llvm.fshl.i32(i32 %20, i32 %20, i32 4)
  %23 = xor i32 %21, %22
  %24 = add i32 %20, %17
  %25 = sub i32 %17, %23
  %26 = tail call noundef i32 @llvm.fshl.i32(i32 %23, i32 %23, i32 6)
  %27 = xor i32 %25, %26
  %28 = add i32 %23, %24
  %29 = sub i32 %24, %27
  %30 = tail call noundef i32 @llvm.fshl.i32(i32 %27, i32 %27, i32 8)
  %31 = xor i32 %29, %30
  %32 = add i32 %27, %28
  %33 = sub i32 %28, %31
  %34 = tail call noundef i32 @llvm.fshl.i32(i32 %31, i32 %31, i32 16)
  %35 = xor i32 %33, %34
  %36 = add i32 %31, %32
  %37 = sub i32 %32, %35
  %38 = tail call noundef i32 @llvm.fshl.i32(i32 %35, i32 %35, i32 19)
  %39 = xor i32 %37, %38
  %40 = add i32 %35, %36
  %41 = sub i32 %36, %39
  %42 = tail call noundef i32 @llvm.fshl.i32(i32 %39, i32 %39, i32 4)
  %43 = xor i32 %41, %42
  %44 = add i32 %39, %40
  %45 = add i32 %12, -12
  %46 = getelementptr inbounds nuw i8, ptr %11, i64 12
  %47 = icmp ugt i32 %45, 12
  br i1 %47, label %7, label %48, !llvm.loop !8

48:                                               ; preds = %7, %3
  %49 = phi i32 [ %1, %3 ], [ %45, %7 ]
  %50 = phi ptr [ %0, %3 ], [ %46, %7 ]
  %51 = phi i32 [ %5, %3 ], [ %40, %7 ]
  %52 = phi i32 [ %5, %3 ], [ %44, %7 ]
  %53 = phi i32 [ %5, %3 ], [ %43, %7 ]
  switch i32 %49, label %164 [
    i32 12, label %54
    i32 11, label %60
    i32 10, label %67
    i32 9, label %74
    i32 8, label %80
    i32 7, label %87
    i32 6, label %95
    i32 5, label %103
    i32 4, label %110
    i32 3, label %118
    i32 2, label %127
    i32 1, label %136
  ]

54:                                               ; preds = %48
  %55 = getelementptr inbounds nuw i8, ptr %50, i64 11
  %56 = load i8, ptr %55, align 1, !tbaa !10
  %57 = zext i8 %56 to i32
  %58 = shl nuw i32 %57, 24
  %59 = add i32 %58, %53
  br label %60

60:                                               ; preds = %48, %54
  %61 = phi i32 [ %59, %54 ], [ %53, %48 ]
  %62 = getelementptr inbounds nuw i8, ptr %50, i64 10
  %63 = load i8, ptr %62, align 1, !tbaa !10
  %64 = zext i8 %63 to i32
  %65 = shl nuw nsw i32 %64, 16
  %66 = add i32 %65, %61
  br label %67

67:                                               ; preds = %48, %60
  %68 = phi i32 [ %66, %60 ], [ %53, %48 ]
  %69 = getelementptr inbounds nuw i8, ptr %50, i64 9
  %70 = load i8, ptr %69, align 1, !tbaa !10
  %71 = zext i8 %70 to i32
  %72 = shl nuw nsw i32 %71, 8
  %73 = add i32 %72, %68
  br label %74

74:                                               ; preds = %48, %67
  %75 = phi i32 [ %73, %67 ], [ %53, %48 ]
  %76 = getelementptr inbounds nuw i8, ptr %50, i64 8
  %77 = load i8, ptr %76, align 1, !tbaa !10
  %78 = zext i8 %77 to i32
  %79 = add i32 %75, %78
  br label %80

80:                                               ; preds = %48, %74
  %81 = phi i32 [ %79, %74 ], [ %53, %48 ]
  %82 = getelementptr inbounds nuw i8, ptr %50, i64 7
  %83 = load i8, ptr %82, align 1, !tbaa !10
  %84 = zext i8 %83 to i32
  %85 = shl nuw i32 %84, 24
  %86 = add i32 %85, %52
  br label %87

87:                                               ; preds = %48, %80
  %88 = phi i32 [ %86, %80 ], [ %52, %48 ]
  %89 = phi i32 [ %81, %80 ], [ %53, %48 ]
  %90 = getelementptr inbounds nuw i8, ptr %50, i64 6
  %91 = load i8, ptr %90, align 1, !tbaa !10
  %92 = zext i8 %91 to i32
  %93 = shl nuw nsw i32 %92, 16
  %94 = add i32 %93, %88
  br label %95

95:                                               ; preds = %48, %87
  %96 = phi i32 [ %94, %87 ], [ %52, %48 ]
  %97 = phi i32 [ %89, %87 ], [ %53, %48 ]
  %98 = getelementptr inbounds nuw i8, ptr %50, i64 5
  %99 = load i8, ptr %98, align 1, !tbaa !10
  %100 = zext i8 %99 to i32
  %101 = shl nuw nsw i32 %100, 8
  %102 = add i32 %101, %96
  br label %103

103:                                              ; preds = %48, %95
  %104 = phi i32 [ %102, %95 ], [ %52, %48 ]
  %105 = phi i32 [ %97, %95 ], [ %53, %48 ]
  %106 = getelementptr inbounds nuw i8, ptr %50, i64 4
  %107 = load i8, ptr %106, align 1, !tbaa !10
  %108 = zext i8 %107 to i32
  %109 = add i32 %104, %108
  br label %110

110:                                              ; preds = %48, %103
  %111 = phi i32 [ %109, %103 ], [ %52, %48 ]
  %112 = phi i32 [ %105, %103 ], [ %53, %48 ]
  %113 = getelementptr inbounds nuw i8, ptr %50, i64 3
  %114 = load i8, ptr %113, align 1, !tbaa !10
  %115 = zext i8 %114 to i32
  %116 = shl nuw i32 %115, 24
  %117 = add i32 %116, %51
  br label %118

118:                                              ; preds = %48, %110
  %119 = phi i32 [ %117, %110 ], [ %51, %48 ]
  %120 = phi i32 [ %111, %110 ], [ %52, %48 ]
  %121 = phi i32 [ %112, %110 ], [ %53, %48 ]
  %122 = getelementptr inbounds nuw i8, ptr %50, i64 2
  %123 = load i8, ptr %122, align 1, !tbaa !10
  %124 = zext i8 %123 to i32
  %125 = shl nuw nsw i32 %124, 16
  %126 = add i32 %125, %119
  br label %127

127:                                              ; preds = %48, %118
  %128 = phi i32 [ %126, %118 ], [ %51, %48 ]
  %129 = phi i32 [ %120, %118 ], [ %52, %48 ]
  %130 = phi i32 [ %121, %118 ], [ %53, %48 ]
  %131 = getelementptr inbounds nuw i8, ptr %50, i64 1
  %132 = load i8, ptr %131, align 1, !tbaa !10
  %133 = zext i8 %132 to i32
  %134 = shl nuw nsw i32 %133, 8
  %135 = add i32 %134, %128
  br label %136

136:                                              ; preds = %48, %127
  %137 = phi i32 [ %135, %127 ], [ %51, %48 ]
  %138 = phi i32 [ %129, %127 ], [ %52, %48 ]
  %139 = phi i32 [ %130, %127 ], [ %53, %48 ]
  %140 = load i8, ptr %50, align 1, !tbaa !10
  %141 = zext i8 %140 to i32
  %142 = add i32 %137, %141
  %143 = xor i32 %139, %138
  %144 = tail call noundef i32 @llvm.fshl.i32(i32 %138, i32 %138, i32 14)
  %145 = sub i32 %143, %144
  %146 = xor i32 %142, %145
  %147 = tail call noundef i32 @llvm.fshl.i32(i32 %145, i32 %145, i32 11)
  %148 = sub i32 %146, %147
  %149 = xor i32 %148, %138
  %150 = tail call noundef i32 @llvm.fshl.i32(i32 %148, i32 %148, i32 25)
  %151 = sub i32 %149, %150
  %152 = xor i32 %151, %145
  %153 = tail call noundef i32 @llvm.fshl.i32(i32 %151, i32 %151, i32 16)
  %154 = sub i32 %152, %153
  %155 = xor i32 %154, %148
  %156 = tail call noundef i32 @llvm.fshl.i32(i32 %154, i32 %154, i32 4)
  %157 = sub i32 %155, %156
  %158 = xor i32 %157, %151
  %159 = tail call noundef i32 @llvm.fshl.i32(i32 %157, i32 %157, i32 14)
  %160 = sub i32 %158, %159
  %161 = xor i32 %160, %154
  %162 = tail call noundef i32 @llvm.fshl.i32(i32 %160, i32 %160, i32 24)
  %163 = sub i32 %161, %162
  br label %164

164:                                              ; preds = %48, %136
  %165 = phi i32 [ %53, %48 ], [ %163, %136 ]
  ret i32 %165
}

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(ptr captures(none)) #1

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(ptr captures(none)) #1

; Function Attrs: nofree norecurse nosync nounwind memory(argmem: read)
define dso_local i32 @ebpy_jhash2(ptr noundef readonly captures(none) %0, i32 noundef %1, i32 noundef %2) local_unnamed_addr #0 {
  %4 = shl i32 %1, 2
  %5 = add i32 %4, -559038737
  %6 = add i32 %5, %2
  %7 = icmp ugt i32 %1, 3
  br i1 %7, label %8, label %49

8:                                                ; preds = %3, %8
  %9 = phi i32 [ %44, %8 ], [ %6, %3 ]
  %10 = phi i32 [ %45, %8 ], [ %6, %3 ]
  %11 = phi i32 [ %41, %8 ], [ %6, %3 ]
  %12 = phi ptr [ %47, %8 ], [ %0, %3 ]
  %13 = phi i32 [ %46, %8 ], [ %1, %3 ]
  %14 = load i32, ptr %12, align 1
  %15 = add i32 %14, %11
  %16 = getelementptr inbounds nuw i8, ptr %12, i64 4
  %17 = load i32, ptr %16, align 1
  %18 = add i32 %17, %10
  %19 = getelementptr inbounds nuw i8, ptr %12, i64 8
  %20 = load i32, ptr %19, align 1
  %21 = add i32 %20, %9
  %22 = sub i32 %15, %21
  %23 = tail call noundef i32 @llvm.fshl.i32(i32 %21, i32 %21, i32 4)
  %24 = xor i32 %22, %23
  %25 = add i32 %21, %18
  %26 = sub i32 %18, %24
  %27 = tail call noundef i32 @llvm.fshl.i32(i32 %24, i32 %24, i32 6)
  %28 = xor i32 %26, %27
  %29 = add i32 %24, %25
  %30 = sub i32 %25, %28
  %31 = tail call noundef i32 @llvm.fshl.i32(i32 %28, i32 %28, i32 8)
  %32 = xor i32 %30, %31
  %33 = add i32 %28, %29
  %34 = sub i32 %29, %32
  %35 = tail call noundef i32 @llvm.fshl.i32(i32 %32, i32 %32, i32 16)
  %36 = xor i32 %34, %35
  %37 = add i32 %32, %33
  %38 = sub i32 %33, %36
  %39 = tail call noundef i32 @llvm.fshl.i32(i32 %36, i32 %36, i32 19)
  %40 = xor i32 %38, %39
  %41 = add i32 %36, %37
  %42 = sub i32 %37, %40
  %43 = tail call noundef i32 @llvm.fshl.i32(i32 %40, i32 %40, i32 4)
  %44 = xor i32 %42, %43
  %45 = add i32 %40, %41
  %46 = add i32 %13, -3
  %47 = getelementptr inbounds nuw i8, ptr %12, i64 12
  %48 = icmp ugt i32 %46, 3
  br i1 %48, label %8, label %49, !llvm.loop !11

49:                                               ; preds = %8, %3
  %50 = phi i32 [ %1, %3 ], [ %46, %8 ]
  %51 = phi ptr [ %0, %3 ], [ %47, %8 ]
  %52 = phi i32 [ %6, %3 ], [ %41, %8 ]
  %53 = phi i32 [ %6, %3 ], [ %45, %8 ]
  %54 = phi i32 [ %6, %3 ], [ %44, %8 ]
  switch i32 %50, label %90 [
    i32 3, label %55
    i32 2, label %59
    i32 1, label %64
    i32 0, label %91
  ]

55:                                               ; preds = %49
  %56 = getelementptr inbounds nuw i8, ptr %51, i64 8
  %57 = load i32, ptr %56, align 1
  %58 = add i32 %57, %54
  br label %59

59:                                               ; preds = %49, %55
  %60 = phi i32 [ %58, %55 ], [ %54, %49 ]
  %61 = getelementptr inbounds nuw i8, ptr %51, i64 4
  %62 = load i32, ptr %61, align 1
  %63 = add i32 %62, %53
  br label %64

64:                                               ; preds = %49, %59
  %65 = phi i32 [ %63, %59 ], [ %53, %49 ]
  %66 = phi i32 [ %60, %59 ], [ %54, %49 ]
  %67 = load i32, ptr %51, align 1
  %68 = add i32 %67, %52
  %69 = xor i32 %66, %65
  %70 = tail call noundef i32 @llvm.fshl.i32(i32 %65, i32 %65, i32 14)
  %71 = sub i32 %69, %70
  %72 = xor i32 %68, %71
  %73 = tail call noundef i32 @llvm.fshl.i32(i32 %71, i32 %71, i32 11)
  %74 = sub i32 %72, %73
  %75 = xor i32 %74, %65
  %76 = tail call noundef i32 @llvm.fshl.i32(i32 %74, i32 %74, i32 25)
  %77 = sub i32 %75, %76
  %78 = xor i32 %77, %71
  %79 = tail call noundef i32 @llvm.fshl.i32(i32 %77, i32 %77, i32 16)
  %80 = sub i32 %78, %79
  %81 = xor i32 %80, %74
  %82 = tail call noundef i32 @llvm.fshl.i32(i32 %80, i32 %80, i32 4)
  %83 = sub i32 %81, %82
  %84 = xor i32 %83, %77
  %85 = tail call noundef i32 @llvm.fshl.i32(i32 %83, i32 %83, i32 14)
  %86 = sub i32 %84, %85
  %87 = xor i32 %86, %80
  %88 = tail call noundef i32 @llvm.fshl.i32(i32 %86, i32 %86, i32 24)
  %89 = sub i32 %87, %88
  br label %91

90:                                               ; preds = %49
  unreachable

91:                                               ; preds = %49, %64
  %92 = phi i32 [ %54, %49 ], [ %89, %64 ]
  ret i32 %92
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none)
define dso_local i64 @ebpy_map_memory_size(i32 noundef %0, i32 noundef %1, i32 noundef %2, i32 noundef %3, i32 noundef %4, i32 noundef %5, i64 noundef %6, i32 noundef %7) local_unnamed_addr #2 {
  %9 = alloca %struct.ebpy_map, align 8
  call void @llvm.lifetime.start.p0(ptr nonnull %9) #13
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(224) %9, i8 0, i64 224, i1 false)
  %10 = getelementptr inbounds nuw i8, ptr %9, i64 4
  store i32 %0, ptr %10, align 4, !tbaa !12
  %11 = getelementptr inbounds nuw i8, ptr %9, i64 8
  store i32 %1, ptr %11, align 8, !tbaa !15
  %12 = getelementptr inbounds nuw i8, ptr %9, i64 12
  store i32 %2, ptr %12, align 4, !tbaa !16
  %13 = getelementptr inbounds nuw i8, ptr %9, i64 16
  store i32 %3, ptr %13, align 8, !tbaa !17
  %14 = getelementptr inbounds nuw i8, ptr %9, i64 20
  store i32 %4, ptr %14, align 4, !tbaa !18
  %15 = tail call i32 @llvm.umax.i32(i32 %5, i32 1)
  %16 = getelementptr inbounds nuw i8, ptr %9, i64 24
  store i32 %15, ptr %16, align 8, !tbaa !19
  %17 = getelementptr inbounds nuw i8, ptr %9, i64 128
  store i64 %6, ptr %17, align 8, !tbaa !20
  %18 = getelementptr inbounds nuw i8, ptr %9, i64 28
  store i32 %7, ptr %18, align 4, !tbaa !21
  %19 = call fastcc i64 @layout(ptr noundef nonnull %9) #14
  call void @llvm.lifetime.end.p0(ptr nonnull %9) #13
  ret i64 %19
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define internal fastcc i64 @layout(ptr noundef captures(none) initializes((32, 44)) %0) unnamed_addr #3 {
  %2 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %3 = load i32, ptr %2, align 8, !tbaa !17
  %4 = zext i32 %3 to i64
  %5 = getelementptr inbounds nuw i8, ptr %0, i64 28
  %6 = load i32, ptr %5, align 4, !tbaa !21
  %7 = zext i32 %6 to i64
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %9 = load i32, ptr %8, align 4, !tbaa !12
  switch i32 %9, label %10 [
    i32 12, label %13
    i32 3, label %13
    i32 13, label %13
  ]

10:                                               ; preds = %1
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %12 = load i32, ptr %11, align 4, !tbaa !16
  br label %13

13:                                               ; preds = %1, %1, %1, %10
  %14 = phi i32 [ %12, %10 ], [ 8, %1 ], [ 8, %1 ], [ 8, %1 ]
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 32
  store i32 %14, ptr %15, align 8, !tbaa !22
  %16 = add i32 %14, 7
  %17 = and i32 %16, -8
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 36
  store i32 %17, ptr %18, align 4, !tbaa !23
  switch i32 %9, label %23 [
    i32 10, label %19
    i32 6, label %19
    i32 5, label %19
  ]

19:                                               ; preds = %13, %13, %13
  %20 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %21 = load i32, ptr %20, align 8, !tbaa !19
  %22 = mul i32 %21, %17
  br label %23

23:                                               ; preds = %13, %19
  %24 = phi i32 [ %22, %19 ], [ %17, %13 ]
  %25 = getelementptr inbounds nuw i8, ptr %0, i64 40
  store i32 %24, ptr %25, align 8, !tbaa !24
  switch i32 %9, label %96 [
    i32 12, label %26
    i32 6, label %26
    i32 3, label %26
    i32 2, label %26
    i32 14, label %26
    i32 13, label %39
    i32 10, label %39
    i32 9, label %39
    i32 5, label %39
    i32 1, label %39
    i32 25, label %39
    i32 11, label %78
  ]

26:                                               ; preds = %23, %23, %23, %23, %23
  %27 = getelementptr inbounds nuw i8, ptr %0, i64 20
  %28 = load i32, ptr %27, align 4, !tbaa !18
  %29 = and i32 %28, 1024
  %30 = icmp eq i32 %29, 0
  %31 = add nuw nsw i64 %7, 255
  %32 = sub nsw i64 0, %7
  %33 = and i64 %31, %32
  %34 = select i1 %30, i64 256, i64 %33
  %35 = getelementptr inbounds nuw i8, ptr %0, i64 168
  store i64 %34, ptr %35, align 8, !tbaa !25
  %36 = zext i32 %24 to i64
  %37 = mul nuw i64 %36, %4
  %38 = add nuw i64 %34, %37
  br label %163

39:                                               ; preds = %23, %23, %23, %23, %23, %23
  %40 = add i32 %3, -1
  %41 = lshr i32 %40, 1
  %42 = or i32 %41, %40
  %43 = lshr i32 %42, 2
  %44 = or i32 %43, %42
  %45 = lshr i32 %44, 4
  %46 = or i32 %45, %44
  %47 = lshr i32 %46, 8
  %48 = or i32 %47, %46
  %49 = lshr i32 %48, 16
  %50 = or i32 %49, %48
  %51 = add i32 %50, 1
  %52 = getelementptr inbounds nuw i8, ptr %0, i64 48
  store i32 %51, ptr %52, align 8, !tbaa !26
  %53 = add nsw i32 %9, -11
  %54 = icmp ult i32 %53, -2
  %55 = select i1 %54, i32 8, i32 16
  %56 = getelementptr inbounds nuw i8, ptr %0, i64 44
  store i32 %55, ptr %56, align 4, !tbaa !27
  %57 = getelementptr inbounds nuw i8, ptr %0, i64 144
  store i64 256, ptr %57, align 8, !tbaa !28
  %58 = zext i32 %51 to i64
  %59 = shl nuw nsw i64 %58, 2
  %60 = add nuw nsw i64 %59, 263
  %61 = and i64 %60, 34359738360
  %62 = getelementptr inbounds nuw i8, ptr %0, i64 152
  store i64 %61, ptr %62, align 8, !tbaa !29
  %63 = select i1 %54, i64 3, i64 4
  %64 = shl nuw nsw i64 %4, %63
  %65 = add nuw nsw i64 %61, %64
  %66 = getelementptr inbounds nuw i8, ptr %0, i64 160
  store i64 %65, ptr %66, align 8, !tbaa !30
  %67 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %68 = load i32, ptr %67, align 8, !tbaa !15
  %69 = zext i32 %68 to i64
  %70 = mul nuw i64 %69, %4
  %71 = add nuw nsw i64 %65, 7
  %72 = add i64 %71, %70
  %73 = and i64 %72, -8
  %74 = getelementptr inbounds nuw i8, ptr %0, i64 168
  store i64 %73, ptr %74, align 8, !tbaa !25
  %75 = zext i32 %24 to i64
  %76 = mul nuw i64 %75, %4
  %77 = add i64 %73, %76
  br label %163

78:                                               ; preds = %23
  %79 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %80 = load i32, ptr %79, align 8, !tbaa !15
  %81 = add i32 %80, 12
  %82 = zext i32 %81 to i64
  %83 = add nuw nsw i64 %82, 7
  %84 = trunc i64 %83 to i32
  %85 = and i32 %84, -8
  %86 = getelementptr inbounds nuw i8, ptr %0, i64 44
  store i32 %85, ptr %86, align 4, !tbaa !27
  %87 = getelementptr inbounds nuw i8, ptr %0, i64 152
  store i64 256, ptr %87, align 8, !tbaa !29
  %88 = shl nuw nsw i64 %4, 1
  %89 = and i64 %83, 4294967288
  %90 = mul i64 %88, %89
  %91 = add i64 %90, 256
  %92 = getelementptr inbounds nuw i8, ptr %0, i64 168
  store i64 %91, ptr %92, align 8, !tbaa !25
  %93 = zext i32 %17 to i64
  %94 = mul nuw i64 %93, %4
  %95 = add i64 %91, %94
  br label %163

96:                                               ; preds = %23
  %97 = and i32 %9, -2
  %98 = icmp eq i32 %97, 22
  br i1 %98, label %99, label %107

99:                                               ; preds = %96
  %100 = getelementptr inbounds nuw i8, ptr %0, i64 168
  store i64 256, ptr %100, align 8, !tbaa !25
  %101 = add nuw nsw i64 %4, 1
  %102 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %103 = load i32, ptr %102, align 4, !tbaa !16
  %104 = zext i32 %103 to i64
  %105 = mul nuw i64 %101, %104
  %106 = add nuw i64 %105, 256
  br label %163

107:                                              ; preds = %96
  switch i32 %9, label %170 [
    i32 30, label %108
    i32 27, label %154
  ]

108:                                              ; preds = %107
  %109 = getelementptr inbounds nuw i8, ptr %0, i64 128
  %110 = load i64, ptr %109, align 8, !tbaa !20
  %111 = trunc i64 %110 to i32
  %112 = and i32 %111, 15
  %113 = icmp eq i32 %112, 0
  %114 = select i1 %113, i32 5, i32 %112
  %115 = getelementptr inbounds nuw i8, ptr %0, i64 100
  store i32 %114, ptr %115, align 4, !tbaa !31
  %116 = zext nneg i32 %114 to i64
  %117 = mul nuw nsw i64 %116, %4
  %118 = icmp samesign ugt i64 %117, 4294967295
  br i1 %118, label %123, label %119

119:                                              ; preds = %108
  %120 = trunc nuw i64 %117 to i32
  %121 = udiv i32 %120, 5
  %122 = icmp samesign ugt i64 %117, 1533916894
  br i1 %122, label %123, label %125

123:                                              ; preds = %119, %108
  %124 = getelementptr inbounds nuw i8, ptr %0, i64 104
  store i32 -1, ptr %124, align 8, !tbaa !32
  br label %151

125:                                              ; preds = %119
  %126 = icmp samesign ult i64 %117, 50
  br i1 %126, label %142, label %127

127:                                              ; preds = %125
  %128 = mul nuw i32 %121, 7
  %129 = add i32 %128, -1
  %130 = lshr i32 %129, 1
  %131 = or i32 %130, %129
  %132 = lshr i32 %131, 2
  %133 = or i32 %132, %131
  %134 = lshr i32 %133, 4
  %135 = or i32 %134, %133
  %136 = lshr i32 %135, 8
  %137 = or i32 %136, %135
  %138 = lshr i32 %137, 16
  %139 = or i32 %138, %137
  %140 = add i32 %139, 1
  %141 = zext i32 %140 to i64
  br label %142

142:                                              ; preds = %125, %127
  %143 = phi i64 [ %141, %127 ], [ 64, %125 ]
  %144 = trunc nuw i64 %143 to i32
  %145 = add i32 %144, -1
  %146 = getelementptr inbounds nuw i8, ptr %0, i64 104
  store i32 %145, ptr %146, align 8, !tbaa !32
  %147 = lshr i64 %143, 3
  %148 = add nuw nsw i64 %147, 7
  %149 = and i64 %148, 1073741816
  %150 = add nuw nsw i64 %149, 256
  br label %151

151:                                              ; preds = %142, %123
  %152 = phi i64 [ 536871168, %123 ], [ %150, %142 ]
  %153 = getelementptr inbounds nuw i8, ptr %0, i64 168
  store i64 256, ptr %153, align 8, !tbaa !25
  br label %163

154:                                              ; preds = %107
  %155 = getelementptr inbounds nuw i8, ptr %0, i64 176
  store i64 %7, ptr %155, align 8, !tbaa !33
  %156 = shl nuw nsw i64 %7, 1
  %157 = getelementptr inbounds nuw i8, ptr %0, i64 184
  store i64 %156, ptr %157, align 8, !tbaa !34
  %158 = mul nuw nsw i64 %7, 3
  %159 = getelementptr inbounds nuw i8, ptr %0, i64 192
  store i64 %158, ptr %159, align 8, !tbaa !35
  %160 = add nsw i64 %4, -1
  %161 = getelementptr inbounds nuw i8, ptr %0, i64 200
  store i64 %160, ptr %161, align 8, !tbaa !36
  %162 = add nuw nsw i64 %158, %4
  br label %163

163:                                              ; preds = %39, %99, %154, %151, %78, %26
  %164 = phi i64 [ %38, %26 ], [ %77, %39 ], [ %95, %78 ], [ %106, %99 ], [ %152, %151 ], [ %162, %154 ]
  %165 = add nsw i64 %7, -1
  %166 = add i64 %165, %164
  %167 = sub nsw i64 0, %7
  %168 = and i64 %166, %167
  %169 = getelementptr inbounds nuw i8, ptr %0, i64 136
  store i64 %168, ptr %169, align 8, !tbaa !37
  br label %170

170:                                              ; preds = %107, %163
  %171 = phi i64 [ %168, %163 ], [ 0, %107 ]
  ret i64 %171
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local range(i64 -22, 1) i64 @ebpy_map_init(ptr noundef captures(none) initializes((4, 44), (128, 136)) %0, i32 noundef %1, i32 noundef %2, i32 noundef %3, i32 noundef %4, i32 noundef %5, i32 noundef %6, i64 noundef %7, i32 noundef %8, i32 noundef %9) local_unnamed_addr #4 {
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 4
  store i32 %1, ptr %11, align 4, !tbaa !12
  %12 = getelementptr inbounds nuw i8, ptr %0, i64 8
  store i32 %2, ptr %12, align 8, !tbaa !15
  %13 = getelementptr inbounds nuw i8, ptr %0, i64 12
  store i32 %3, ptr %13, align 4, !tbaa !16
  %14 = getelementptr inbounds nuw i8, ptr %0, i64 16
  store i32 %4, ptr %14, align 8, !tbaa !17
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 20
  store i32 %5, ptr %15, align 4, !tbaa !18
  %16 = tail call i32 @llvm.umax.i32(i32 %6, i32 1)
  %17 = getelementptr inbounds nuw i8, ptr %0, i64 24
  store i32 %16, ptr %17, align 8, !tbaa !19
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 128
  store i64 %7, ptr %18, align 8, !tbaa !20
  %19 = getelementptr inbounds nuw i8, ptr %0, i64 28
  store i32 %8, ptr %19, align 4, !tbaa !21
  %20 = tail call fastcc i64 @layout(ptr noundef %0) #14
  %21 = icmp eq i64 %20, 0
  br i1 %21, label %27, label %22

22:                                               ; preds = %10
  %23 = and i32 %5, 64
  %24 = icmp eq i32 %23, 0
  %25 = select i1 %24, i32 %9, i32 0
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 52
  store i32 %25, ptr %26, align 4, !tbaa !38
  store atomic i32 1297698885, ptr %0 release, align 8
  br label %27

27:                                               ; preds = %10, %22
  %28 = phi i64 [ 0, %22 ], [ -22, %10 ]
  ret i64 %28
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: write)
define dso_local void @ebpy_map_set_inner(ptr noundef writeonly captures(none) initializes((108, 128)) %0, i32 noundef %1, i32 noundef %2, i32 noundef %3, i32 noundef %4, i32 noundef %5) local_unnamed_addr #5 {
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 108
  store i32 %1, ptr %7, align 4, !tbaa !39
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 112
  store i32 %2, ptr %8, align 8, !tbaa !40
  %9 = getelementptr inbounds nuw i8, ptr %0, i64 116
  store i32 %3, ptr %9, align 4, !tbaa !41
  %10 = getelementptr inbounds nuw i8, ptr %0, i64 120
  store i32 %4, ptr %10, align 8, !tbaa !42
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 124
  store i32 %5, ptr %11, align 4, !tbaa !43
  ret void
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local i64 @ebpy_map_info(ptr noundef readonly captures(none) %0, i32 noundef %1) local_unnamed_addr #4 {
  switch i32 %1, label %105 [
    i32 0, label %3
    i32 1, label %6
    i32 2, label %10
    i32 3, label %14
    i32 4, label %18
    i32 5, label %22
    i32 6, label %26
    i32 7, label %30
    i32 8, label %56
    i32 9, label %59
    i32 10, label %63
    i32 11, label %67
    i32 12, label %71
    i32 13, label %74
    i32 14, label %77
    i32 15, label %80
    i32 16, label %83
    i32 17, label %87
    i32 18, label %91
    i32 19, label %95
    i32 20, label %99
    i32 21, label %106
    i32 22, label %102
  ]

3:                                                ; preds = %2
  %4 = load i32, ptr %0, align 8, !tbaa !44
  %5 = zext i32 %4 to i64
  br label %106

6:                                                ; preds = %2
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %8 = load i32, ptr %7, align 4, !tbaa !12
  %9 = zext i32 %8 to i64
  br label %106

10:                                               ; preds = %2
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %12 = load i32, ptr %11, align 8, !tbaa !15
  %13 = zext i32 %12 to i64
  br label %106

14:                                               ; preds = %2
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %16 = load i32, ptr %15, align 4, !tbaa !16
  %17 = zext i32 %16 to i64
  br label %106

18:                                               ; preds = %2
  %19 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %20 = load i32, ptr %19, align 8, !tbaa !17
  %21 = zext i32 %20 to i64
  br label %106

22:                                               ; preds = %2
  %23 = getelementptr inbounds nuw i8, ptr %0, i64 20
  %24 = load i32, ptr %23, align 4, !tbaa !18
  %25 = zext i32 %24 to i64
  br label %106

26:                                               ; preds = %2
  %27 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %28 = load i32, ptr %27, align 8, !tbaa !19
  %29 = zext i32 %28 to i64
  br label %106

30:                                               ; preds = %2
  %31 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %32 = load i32, ptr %31, align 4, !tbaa !12
  switch i32 %32, label %37 [
    i32 12, label %33
    i32 6, label %33
    i32 3, label %33
    i32 2, label %33
    i32 14, label %33
  ]

33:                                               ; preds = %30, %30, %30, %30, %30
  %34 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %35 = load i32, ptr %34, align 8, !tbaa !17
  %36 = zext i32 %35 to i64
  br label %106

37:                                               ; preds = %30
  %38 = and i32 %32, -2
  %39 = icmp eq i32 %38, 22
  br i1 %39, label %40, label %52

40:                                               ; preds = %37
  %41 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %42 = load i32, ptr %41, align 8, !tbaa !17
  %43 = add i32 %42, 1
  %44 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %45 = load i32, ptr %44, align 4, !tbaa !45
  %46 = add i32 %45, %43
  %47 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %48 = load i32, ptr %47, align 8, !tbaa !46
  %49 = sub i32 %46, %48
  %50 = urem i32 %49, %43
  %51 = zext i32 %50 to i64
  br label %106

52:                                               ; preds = %37
  %53 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %54 = load atomic i32, ptr %53 monotonic, align 4
  %55 = zext i32 %54 to i64
  br label %106

56:                                               ; preds = %2
  %57 = getelementptr inbounds nuw i8, ptr %0, i64 136
  %58 = load i64, ptr %57, align 8, !tbaa !37
  br label %106

59:                                               ; preds = %2
  %60 = getelementptr inbounds nuw i8, ptr %0, i64 32
  %61 = load i32, ptr %60, align 8, !tbaa !22
  %62 = zext i32 %61 to i64
  br label %106

63:                                               ; preds = %2
  %64 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %65 = load i32, ptr %64, align 4, !tbaa !23
  %66 = zext i32 %65 to i64
  br label %106

67:                                               ; preds = %2
  %68 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %69 = load i32, ptr %68, align 8, !tbaa !24
  %70 = zext i32 %69 to i64
  br label %106

71:                                               ; preds = %2
  %72 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %73 = load i64, ptr %72, align 8, !tbaa !25
  br label %106

74:                                               ; preds = %2
  %75 = getelementptr inbounds nuw i8, ptr %0, i64 176
  %76 = load i64, ptr %75, align 8, !tbaa !33
  br label %106

77:                                               ; preds = %2
  %78 = getelementptr inbounds nuw i8, ptr %0, i64 184
  %79 = load i64, ptr %78, align 8, !tbaa !34
  br label %106

80:                                               ; preds = %2
  %81 = getelementptr inbounds nuw i8, ptr %0, i64 192
  %82 = load i64, ptr %81, align 8, !tbaa !35
  br label %106

83:                                               ; preds = %2
  %84 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %85 = load i32, ptr %84, align 8, !tbaa !26
  %86 = zext i32 %85 to i64
  br label %106

87:                                               ; preds = %2
  %88 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %89 = load i32, ptr %88, align 4, !tbaa !38
  %90 = zext i32 %89 to i64
  br label %106

91:                                               ; preds = %2
  %92 = getelementptr inbounds nuw i8, ptr %0, i64 100
  %93 = load i32, ptr %92, align 4, !tbaa !31
  %94 = zext i32 %93 to i64
  br label %106

95:                                               ; preds = %2
  %96 = getelementptr inbounds nuw i8, ptr %0, i64 104
  %97 = load i32, ptr %96, align 8, !tbaa !32
  %98 = zext i32 %97 to i64
  br label %106

99:                                               ; preds = %2
  %100 = getelementptr inbounds nuw i8, ptr %0, i64 216
  %101 = load atomic i64, ptr %100 acquire, align 8
  br label %106

102:                                              ; preds = %2
  %103 = getelementptr inbounds nuw i8, ptr %0, i64 128
  %104 = load i64, ptr %103, align 8, !tbaa !20
  br label %106

105:                                              ; preds = %2
  br label %106

106:                                              ; preds = %2, %105, %102, %99, %95, %91, %87, %83, %80, %77, %74, %71, %67, %63, %59, %56, %52, %40, %33, %26, %22, %18, %14, %10, %6, %3
  %107 = phi i64 [ 0, %105 ], [ %5, %3 ], [ %9, %6 ], [ %13, %10 ], [ %17, %14 ], [ %21, %18 ], [ %25, %22 ], [ %29, %26 ], [ %36, %33 ], [ %51, %40 ], [ %55, %52 ], [ %58, %56 ], [ %62, %59 ], [ %66, %63 ], [ %70, %67 ], [ %73, %71 ], [ %76, %74 ], [ %79, %77 ], [ %82, %80 ], [ %86, %83 ], [ %90, %87 ], [ %94, %91 ], [ %98, %95 ], [ %101, %99 ], [ %104, %102 ], [ 256, %2 ]
  ret i64 %107
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local i64 @ebpy_prog_array_get(ptr noundef readonly captures(none) %0, i32 noundef %1) local_unnamed_addr #4 {
  %3 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %4 = load i32, ptr %3, align 8, !tbaa !17
  %5 = icmp ult i32 %1, %4
  br i1 %5, label %6, label %17

6:                                                ; preds = %2
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %8 = load i64, ptr %7, align 8, !tbaa !25
  %9 = getelementptr inbounds nuw i8, ptr %0, i64 %8
  %10 = zext i32 %1 to i64
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %12 = load i32, ptr %11, align 8, !tbaa !24
  %13 = zext i32 %12 to i64
  %14 = mul nuw i64 %13, %10
  %15 = getelementptr inbounds nuw i8, ptr %9, i64 %14
  %16 = load atomic i64, ptr %15 acquire, align 8
  br label %17

17:                                               ; preds = %2, %6
  %18 = phi i64 [ %16, %6 ], [ 0, %2 ]
  ret i64 %18
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local ptr @ebpy_ringbuf_reserve(ptr noundef captures(ret: address, provenance) %0, i64 noundef %1, i64 noundef %2) local_unnamed_addr #6 {
  %4 = icmp eq i64 %2, 0
  br i1 %4, label %5, label %11

5:                                                ; preds = %3
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %7 = load i32, ptr %6, align 4, !tbaa !12
  %8 = icmp eq i32 %7, 27
  br i1 %8, label %9, label %11

9:                                                ; preds = %5
  %10 = tail call fastcc ptr @ringbuf_reserve(ptr noundef nonnull %0, i64 noundef %1) #14
  br label %11

11:                                               ; preds = %3, %5, %9
  %12 = phi ptr [ %10, %9 ], [ null, %5 ], [ null, %3 ]
  ret ptr %12
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define internal fastcc ptr @ringbuf_reserve(ptr noundef captures(ret: address, provenance) %0, i64 noundef %1) unnamed_addr #6 {
  %3 = icmp ugt i64 %1, 1073741823
  br i1 %3, label %75, label %4

4:                                                ; preds = %2
  %5 = add nuw nsw i64 %1, 15
  %6 = and i64 %5, 2147483640
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 200
  %8 = load i64, ptr %7, align 8, !tbaa !36
  %9 = add i64 %8, 1
  %10 = icmp ugt i64 %6, %9
  br i1 %10, label %75, label %11

11:                                               ; preds = %4
  %12 = getelementptr inbounds nuw i8, ptr %0, i64 176
  %13 = load i64, ptr %12, align 8, !tbaa !33
  %14 = getelementptr inbounds nuw i8, ptr %0, i64 %13
  %15 = load atomic i64, ptr %14 acquire, align 8
  %16 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %17 = atomicrmw xchg ptr %16, i32 1 acquire, align 8
  %18 = icmp eq i32 %17, 0
  br i1 %18, label %26, label %19

19:                                               ; preds = %11, %22
  %20 = load atomic i32, ptr %16 monotonic, align 8
  %21 = icmp eq i32 %20, 0
  br i1 %21, label %23, label %22

22:                                               ; preds = %19, %23
  br label %19, !llvm.loop !47

23:                                               ; preds = %19
  %24 = atomicrmw xchg ptr %16, i32 1 acquire, align 8
  %25 = icmp eq i32 %24, 0
  br i1 %25, label %26, label %22

26:                                               ; preds = %23, %11
  %27 = getelementptr inbounds nuw i8, ptr %0, i64 208
  %28 = load i64, ptr %27, align 8, !tbaa !48
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 184
  %30 = load i64, ptr %29, align 8, !tbaa !34
  %31 = getelementptr inbounds nuw i8, ptr %0, i64 %30
  %32 = load i64, ptr %31, align 8, !tbaa !49
  %33 = add i64 %32, %6
  %34 = getelementptr inbounds nuw i8, ptr %0, i64 192
  %35 = icmp ult i64 %28, %32
  br i1 %35, label %36, label %52

36:                                               ; preds = %26, %45
  %37 = phi i64 [ %50, %45 ], [ %28, %26 ]
  %38 = load i64, ptr %34, align 8, !tbaa !35
  %39 = getelementptr inbounds nuw i8, ptr %0, i64 %38
  %40 = load i64, ptr %7, align 8, !tbaa !36
  %41 = and i64 %40, %37
  %42 = getelementptr inbounds nuw i8, ptr %39, i64 %41
  %43 = load atomic i32, ptr %42 acquire, align 4
  %44 = icmp sgt i32 %43, -1
  br i1 %44, label %45, label %52

45:                                               ; preds = %36
  %46 = and i32 %43, 1073741823
  %47 = add nuw nsw i32 %46, 15
  %48 = and i32 %47, 2147483640
  %49 = zext nneg i32 %48 to i64
  %50 = add i64 %37, %49
  %51 = icmp ult i64 %50, %32
  br i1 %51, label %36, label %52

52:                                               ; preds = %45, %36, %26
  %53 = phi i64 [ %28, %26 ], [ %37, %36 ], [ %50, %45 ]
  store i64 %53, ptr %27, align 8, !tbaa !48
  %54 = sub i64 %33, %15
  %55 = load i64, ptr %7, align 8, !tbaa !36
  %56 = icmp ugt i64 %54, %55
  %57 = sub i64 %33, %53
  %58 = icmp ugt i64 %57, %55
  %59 = or i1 %56, %58
  br i1 %59, label %60, label %61

60:                                               ; preds = %52
  store atomic i32 0, ptr %16 release, align 8
  br label %75

61:                                               ; preds = %52
  %62 = load i64, ptr %34, align 8, !tbaa !35
  %63 = getelementptr inbounds nuw i8, ptr %0, i64 %62
  %64 = and i64 %55, %32
  %65 = getelementptr inbounds nuw i8, ptr %63, i64 %64
  %66 = trunc nuw nsw i64 %1 to i32
  %67 = or disjoint i32 %66, -2147483648
  store i32 %67, ptr %65, align 4, !tbaa !50
  %68 = add nuw nsw i64 %62, %64
  %69 = lshr i64 %68, 12
  %70 = trunc i64 %69 to i32
  %71 = getelementptr inbounds nuw i8, ptr %65, i64 4
  store i32 %70, ptr %71, align 4, !tbaa !52
  %72 = load i64, ptr %29, align 8, !tbaa !34
  %73 = getelementptr inbounds nuw i8, ptr %0, i64 %72
  store atomic i64 %33, ptr %73 release, align 8
  store atomic i32 0, ptr %16 release, align 8
  %74 = getelementptr inbounds nuw i8, ptr %65, i64 8
  br label %75

75:                                               ; preds = %4, %2, %61, %60
  %76 = phi ptr [ %74, %61 ], [ null, %2 ], [ null, %60 ], [ null, %4 ]
  ret ptr %76
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define dso_local void @ebpy_ringbuf_submit(ptr noundef %0, i64 noundef %1) local_unnamed_addr #7 {
  %3 = getelementptr inbounds i8, ptr %0, i64 -8
  %4 = ptrtoint ptr %3 to i64
  %5 = and i64 %4, -4096
  %6 = getelementptr inbounds i8, ptr %0, i64 -4
  %7 = load i32, ptr %6, align 4, !tbaa !52
  %8 = zext i32 %7 to i64
  %9 = shl nuw nsw i64 %8, 12
  %10 = sub i64 %5, %9
  %11 = inttoptr i64 %10 to ptr
  %12 = load i32, ptr %3, align 4, !tbaa !50
  %13 = xor i32 %12, -2147483648
  %14 = atomicrmw xchg ptr %3, i32 %13 seq_cst, align 4
  %15 = getelementptr inbounds nuw i8, ptr %11, i64 192
  %16 = load i64, ptr %15, align 64, !tbaa !35
  %17 = getelementptr inbounds nuw i8, ptr %11, i64 176
  %18 = load i64, ptr %17, align 16, !tbaa !33
  %19 = getelementptr inbounds nuw i8, ptr %11, i64 %18
  %20 = load atomic i64, ptr %19 acquire, align 8
  %21 = and i64 %1, 2
  %22 = icmp eq i64 %21, 0
  br i1 %22, label %23, label %34

23:                                               ; preds = %2
  %24 = getelementptr inbounds nuw i8, ptr %11, i64 %16
  %25 = getelementptr inbounds nuw i8, ptr %11, i64 200
  %26 = load i64, ptr %25, align 8, !tbaa !36
  %27 = and i64 %26, %20
  %28 = ptrtoint ptr %24 to i64
  %29 = sub i64 %4, %28
  %30 = icmp eq i64 %27, %29
  %31 = and i64 %1, 1
  %32 = icmp eq i64 %31, 0
  %33 = and i1 %32, %30
  br i1 %33, label %34, label %37

34:                                               ; preds = %23, %2
  %35 = getelementptr inbounds nuw i8, ptr %11, i64 216
  %36 = atomicrmw add ptr %35, i64 1 release, align 8
  br label %37

37:                                               ; preds = %23, %34
  ret void
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define dso_local void @ebpy_ringbuf_discard(ptr noundef %0, i64 noundef %1) local_unnamed_addr #7 {
  %3 = getelementptr inbounds i8, ptr %0, i64 -8
  %4 = ptrtoint ptr %3 to i64
  %5 = and i64 %4, -4096
  %6 = getelementptr inbounds i8, ptr %0, i64 -4
  %7 = load i32, ptr %6, align 4, !tbaa !52
  %8 = zext i32 %7 to i64
  %9 = shl nuw nsw i64 %8, 12
  %10 = sub i64 %5, %9
  %11 = inttoptr i64 %10 to ptr
  %12 = load i32, ptr %3, align 4, !tbaa !50
  %13 = and i32 %12, -1073741825
  %14 = xor i32 %13, -1073741824
  %15 = atomicrmw xchg ptr %3, i32 %14 seq_cst, align 4
  %16 = getelementptr inbounds nuw i8, ptr %11, i64 192
  %17 = load i64, ptr %16, align 64, !tbaa !35
  %18 = getelementptr inbounds nuw i8, ptr %11, i64 176
  %19 = load i64, ptr %18, align 16, !tbaa !33
  %20 = getelementptr inbounds nuw i8, ptr %11, i64 %19
  %21 = load atomic i64, ptr %20 acquire, align 8
  %22 = and i64 %1, 2
  %23 = icmp eq i64 %22, 0
  br i1 %23, label %24, label %35

24:                                               ; preds = %2
  %25 = getelementptr inbounds nuw i8, ptr %11, i64 %17
  %26 = getelementptr inbounds nuw i8, ptr %11, i64 200
  %27 = load i64, ptr %26, align 8, !tbaa !36
  %28 = and i64 %27, %21
  %29 = ptrtoint ptr %25 to i64
  %30 = sub i64 %4, %29
  %31 = icmp eq i64 %28, %30
  %32 = and i64 %1, 1
  %33 = icmp eq i64 %32, 0
  %34 = and i1 %33, %31
  br i1 %34, label %35, label %38

35:                                               ; preds = %24, %2
  %36 = getelementptr inbounds nuw i8, ptr %11, i64 216
  %37 = atomicrmw add ptr %36, i64 1 release, align 8
  br label %38

38:                                               ; preds = %24, %35
  ret void
}

; Function Attrs: nofree norecurse nounwind memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define dso_local range(i64 -22, 1) i64 @ebpy_ringbuf_output(ptr noundef %0, ptr noundef readonly captures(none) %1, i64 noundef %2, i64 noundef %3) local_unnamed_addr #8 {
  %5 = icmp ult i64 %3, 4
  br i1 %5, label %6, label %46

6:                                                ; preds = %4
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %8 = load i32, ptr %7, align 4, !tbaa !12
  %9 = icmp eq i32 %8, 27
  br i1 %9, label %10, label %46

10:                                               ; preds = %6
  %11 = tail call fastcc ptr @ringbuf_reserve(ptr noundef nonnull %0, i64 noundef %2) #14
  %12 = icmp eq ptr %11, null
  br i1 %12, label %46, label %13

13:                                               ; preds = %10
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %11, ptr readonly align 1 %1, i64 %2, i1 false)
  %14 = getelementptr inbounds i8, ptr %11, i64 -8
  %15 = ptrtoint ptr %14 to i64
  %16 = and i64 %15, -4096
  %17 = getelementptr inbounds i8, ptr %11, i64 -4
  %18 = load i32, ptr %17, align 4, !tbaa !52
  %19 = zext i32 %18 to i64
  %20 = shl nuw nsw i64 %19, 12
  %21 = sub i64 %16, %20
  %22 = inttoptr i64 %21 to ptr
  %23 = load i32, ptr %14, align 4, !tbaa !50
  %24 = xor i32 %23, -2147483648
  %25 = atomicrmw xchg ptr %14, i32 %24 seq_cst, align 4
  %26 = getelementptr inbounds nuw i8, ptr %22, i64 192
  %27 = load i64, ptr %26, align 64, !tbaa !35
  %28 = getelementptr inbounds nuw i8, ptr %22, i64 176
  %29 = load i64, ptr %28, align 16, !tbaa !33
  %30 = getelementptr inbounds nuw i8, ptr %22, i64 %29
  %31 = load atomic i64, ptr %30 acquire, align 8
  %32 = icmp samesign ult i64 %3, 2
  br i1 %32, label %33, label %43

33:                                               ; preds = %13
  %34 = getelementptr inbounds nuw i8, ptr %22, i64 %27
  %35 = getelementptr inbounds nuw i8, ptr %22, i64 200
  %36 = load i64, ptr %35, align 8, !tbaa !36
  %37 = and i64 %36, %31
  %38 = ptrtoint ptr %34 to i64
  %39 = sub i64 %15, %38
  %40 = icmp eq i64 %37, %39
  %41 = icmp eq i64 %3, 0
  %42 = and i1 %41, %40
  br i1 %42, label %43, label %46

43:                                               ; preds = %33, %13
  %44 = getelementptr inbounds nuw i8, ptr %22, i64 216
  %45 = atomicrmw add ptr %44, i64 1 release, align 8
  br label %46

46:                                               ; preds = %43, %33, %10, %6, %4
  %47 = phi i64 [ -22, %6 ], [ -22, %4 ], [ -11, %10 ], [ 0, %33 ], [ 0, %43 ]
  ret i64 %47
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local i64 @ebpy_ringbuf_query(ptr noundef readonly captures(none) %0, i64 noundef %1) local_unnamed_addr #4 {
  %3 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %4 = load i32, ptr %3, align 4, !tbaa !12
  %5 = icmp eq i32 %4, 27
  br i1 %5, label %6, label %31

6:                                                ; preds = %2
  switch i64 %1, label %31 [
    i64 0, label %7
    i64 1, label %17
    i64 2, label %21
    i64 3, label %26
  ]

7:                                                ; preds = %6
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 176
  %9 = load i64, ptr %8, align 8, !tbaa !33
  %10 = getelementptr inbounds nuw i8, ptr %0, i64 %9
  %11 = load atomic i64, ptr %10 acquire, align 8
  %12 = getelementptr inbounds nuw i8, ptr %0, i64 184
  %13 = load i64, ptr %12, align 8, !tbaa !34
  %14 = getelementptr inbounds nuw i8, ptr %0, i64 %13
  %15 = load atomic i64, ptr %14 acquire, align 8
  %16 = sub i64 %15, %11
  br label %31

17:                                               ; preds = %6
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 200
  %19 = load i64, ptr %18, align 8, !tbaa !36
  %20 = add i64 %19, 1
  br label %31

21:                                               ; preds = %6
  %22 = getelementptr inbounds nuw i8, ptr %0, i64 176
  %23 = load i64, ptr %22, align 8, !tbaa !33
  %24 = getelementptr inbounds nuw i8, ptr %0, i64 %23
  %25 = load atomic i64, ptr %24 acquire, align 8
  br label %31

26:                                               ; preds = %6
  %27 = getelementptr inbounds nuw i8, ptr %0, i64 184
  %28 = load i64, ptr %27, align 8, !tbaa !34
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 %28
  %30 = load atomic i64, ptr %29 acquire, align 8
  br label %31

31:                                               ; preds = %6, %2, %26, %21, %17, %7
  %32 = phi i64 [ %30, %26 ], [ 0, %2 ], [ %16, %7 ], [ %20, %17 ], [ %25, %21 ], [ 0, %6 ]
  ret i64 %32
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local i64 @ebpy_load_acquire_u64(ptr noundef readonly captures(none) %0) local_unnamed_addr #4 {
  %2 = load atomic i64, ptr %0 acquire, align 8
  ret i64 %2
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local i32 @ebpy_load_acquire_u32(ptr noundef readonly captures(none) %0) local_unnamed_addr #4 {
  %2 = load atomic i32, ptr %0 acquire, align 4
  ret i32 %2
}

; Function Attrs: mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite)
define dso_local void @ebpy_store_release_u64(ptr noundef writeonly captures(none) %0, i64 noundef %1) local_unnamed_addr #4 {
  store atomic i64 %1, ptr %0 release, align 8
  ret void
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local ptr @ebpy_map_lookup(ptr noundef %0, ptr noundef readonly captures(none) %1, i32 noundef %2) local_unnamed_addr #6 {
  %4 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %5 = load i32, ptr %4, align 4, !tbaa !12
  switch i32 %5, label %288 [
    i32 2, label %6
    i32 6, label %6
    i32 3, label %43
    i32 12, label %61
    i32 14, label %78
    i32 11, label %275
    i32 25, label %96
    i32 1, label %98
    i32 5, label %98
    i32 9, label %98
    i32 10, label %98
    i32 13, label %98
  ]

6:                                                ; preds = %3, %3
  %7 = load i32, ptr %1, align 1
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %9 = load i32, ptr %8, align 8, !tbaa !17
  %10 = icmp ult i32 %7, %9
  br i1 %10, label %11, label %288

11:                                               ; preds = %6
  %12 = icmp eq i32 %5, 6
  br i1 %12, label %13, label %33

13:                                               ; preds = %11
  %14 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %15 = load i32, ptr %14, align 8, !tbaa !19
  %16 = icmp ult i32 %2, %15
  br i1 %16, label %17, label %288

17:                                               ; preds = %13
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %19 = load i64, ptr %18, align 8, !tbaa !25
  %20 = getelementptr inbounds nuw i8, ptr %0, i64 %19
  %21 = zext i32 %7 to i64
  %22 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %23 = load i32, ptr %22, align 8, !tbaa !24
  %24 = zext i32 %23 to i64
  %25 = mul nuw i64 %24, %21
  %26 = getelementptr inbounds nuw i8, ptr %20, i64 %25
  %27 = zext i32 %2 to i64
  %28 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %29 = load i32, ptr %28, align 4, !tbaa !23
  %30 = zext i32 %29 to i64
  %31 = mul nuw i64 %30, %27
  %32 = getelementptr inbounds nuw i8, ptr %26, i64 %31
  br label %288

33:                                               ; preds = %11
  %34 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %35 = load i64, ptr %34, align 8, !tbaa !25
  %36 = getelementptr inbounds nuw i8, ptr %0, i64 %35
  %37 = zext i32 %7 to i64
  %38 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %39 = load i32, ptr %38, align 8, !tbaa !24
  %40 = zext i32 %39 to i64
  %41 = mul nuw i64 %40, %37
  %42 = getelementptr inbounds nuw i8, ptr %36, i64 %41
  br label %288

43:                                               ; preds = %3
  %44 = load i32, ptr %1, align 1
  %45 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %46 = load i32, ptr %45, align 8, !tbaa !17
  %47 = icmp ult i32 %44, %46
  br i1 %47, label %48, label %288

48:                                               ; preds = %43
  %49 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %50 = load i64, ptr %49, align 8, !tbaa !25
  %51 = getelementptr inbounds nuw i8, ptr %0, i64 %50
  %52 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %53 = load i32, ptr %52, align 8, !tbaa !24
  %54 = zext i32 %53 to i64
  %55 = zext i32 %44 to i64
  %56 = mul nuw i64 %54, %55
  %57 = getelementptr inbounds nuw i8, ptr %51, i64 %56
  %58 = load atomic i64, ptr %57 acquire, align 8
  %59 = icmp eq i64 %58, 0
  %60 = select i1 %59, ptr null, ptr %57
  br label %288

61:                                               ; preds = %3
  %62 = load i32, ptr %1, align 1
  %63 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %64 = load i32, ptr %63, align 8, !tbaa !17
  %65 = icmp ult i32 %62, %64
  br i1 %65, label %66, label %288

66:                                               ; preds = %61
  %67 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %68 = load i64, ptr %67, align 8, !tbaa !25
  %69 = getelementptr inbounds nuw i8, ptr %0, i64 %68
  %70 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %71 = load i32, ptr %70, align 8, !tbaa !24
  %72 = zext i32 %71 to i64
  %73 = zext i32 %62 to i64
  %74 = mul nuw i64 %72, %73
  %75 = getelementptr inbounds nuw i8, ptr %69, i64 %74
  %76 = load atomic i64, ptr %75 acquire, align 8
  %77 = inttoptr i64 %76 to ptr
  br label %288

78:                                               ; preds = %3
  %79 = load i32, ptr %1, align 1
  %80 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %81 = load i32, ptr %80, align 8, !tbaa !17
  %82 = icmp ult i32 %79, %81
  br i1 %82, label %83, label %288

83:                                               ; preds = %78
  %84 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %85 = load i64, ptr %84, align 8, !tbaa !25
  %86 = getelementptr inbounds nuw i8, ptr %0, i64 %85
  %87 = zext i32 %79 to i64
  %88 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %89 = load i32, ptr %88, align 8, !tbaa !24
  %90 = zext i32 %89 to i64
  %91 = mul nuw i64 %90, %87
  %92 = getelementptr inbounds nuw i8, ptr %86, i64 %91
  %93 = load i32, ptr %92, align 1
  %94 = icmp eq i32 %93, 0
  %95 = select i1 %94, ptr null, ptr %92
  br label %288

96:                                               ; preds = %3
  %97 = load i32, ptr %1, align 1
  br label %116

98:                                               ; preds = %3, %3, %3, %3, %3
  %99 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %100 = load i32, ptr %99, align 8, !tbaa !15
  %101 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %102 = load i32, ptr %101, align 4, !tbaa !38
  %103 = and i32 %100, 3
  %104 = icmp eq i32 %103, 0
  br i1 %104, label %105, label %108

105:                                              ; preds = %98
  %106 = lshr exact i32 %100, 2
  %107 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %106, i32 noundef %102) #14
  br label %110

108:                                              ; preds = %98
  %109 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %100, i32 noundef %102) #14
  br label %110

110:                                              ; preds = %108, %105
  %111 = phi i32 [ %109, %108 ], [ %107, %105 ]
  switch i32 %5, label %116 [
    i32 10, label %112
    i32 6, label %112
    i32 5, label %112
  ]

112:                                              ; preds = %110, %110, %110
  %113 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %114 = load i32, ptr %113, align 8, !tbaa !19
  %115 = icmp ult i32 %2, %114
  br i1 %115, label %116, label %288

116:                                              ; preds = %112, %110, %96
  %117 = phi i32 [ %97, %96 ], [ %111, %110 ], [ %111, %112 ]
  %118 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %119 = atomicrmw xchg ptr %118, i32 1 acquire, align 8
  %120 = icmp eq i32 %119, 0
  br i1 %120, label %128, label %121

121:                                              ; preds = %116, %124
  %122 = load atomic i32, ptr %118 monotonic, align 8
  %123 = icmp eq i32 %122, 0
  br i1 %123, label %125, label %124

124:                                              ; preds = %121, %125
  br label %121, !llvm.loop !47

125:                                              ; preds = %121
  %126 = atomicrmw xchg ptr %118, i32 1 acquire, align 8
  %127 = icmp eq i32 %126, 0
  br i1 %127, label %128, label %124

128:                                              ; preds = %125, %116
  %129 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %130 = load i64, ptr %129, align 8, !tbaa !28
  %131 = getelementptr inbounds nuw i8, ptr %0, i64 %130
  %132 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %133 = load i32, ptr %132, align 8, !tbaa !26
  %134 = add i32 %133, -1
  %135 = and i32 %134, %117
  %136 = zext i32 %135 to i64
  %137 = getelementptr inbounds nuw i32, ptr %131, i64 %136
  %138 = load i32, ptr %137, align 4, !tbaa !4
  %139 = icmp eq i32 %138, 0
  br i1 %139, label %269, label %140

140:                                              ; preds = %128
  %141 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %142 = load i64, ptr %141, align 8, !tbaa !29
  %143 = getelementptr inbounds nuw i8, ptr %0, i64 %142
  %144 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %145 = load i32, ptr %144, align 4, !tbaa !27
  %146 = zext i32 %145 to i64
  %147 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %148 = getelementptr inbounds nuw i8, ptr %0, i64 8
  br label %149

149:                                              ; preds = %208, %140
  %150 = phi i32 [ %138, %140 ], [ %209, %208 ]
  %151 = add i32 %150, -1
  %152 = zext i32 %151 to i64
  %153 = mul nuw i64 %152, %146
  %154 = getelementptr inbounds nuw i8, ptr %143, i64 %153
  %155 = getelementptr inbounds nuw i8, ptr %154, i64 4
  %156 = load i32, ptr %155, align 4, !tbaa !53
  %157 = icmp eq i32 %156, %117
  br i1 %157, label %158, label %208

158:                                              ; preds = %149
  %159 = load i64, ptr %147, align 8, !tbaa !30
  %160 = getelementptr inbounds nuw i8, ptr %0, i64 %159
  %161 = load i32, ptr %148, align 8, !tbaa !15
  %162 = zext i32 %161 to i64
  %163 = mul nuw i64 %162, %152
  %164 = getelementptr inbounds nuw i8, ptr %160, i64 %163
  %165 = icmp ugt i32 %161, 7
  br i1 %165, label %166, label %178

166:                                              ; preds = %158, %173
  %167 = phi i32 [ %176, %173 ], [ %161, %158 ]
  %168 = phi ptr [ %175, %173 ], [ %1, %158 ]
  %169 = phi ptr [ %174, %173 ], [ %164, %158 ]
  %170 = load i64, ptr %169, align 1
  %171 = load i64, ptr %168, align 1
  %172 = icmp eq i64 %170, %171
  br i1 %172, label %173, label %208

173:                                              ; preds = %166
  %174 = getelementptr inbounds nuw i8, ptr %169, i64 8
  %175 = getelementptr inbounds nuw i8, ptr %168, i64 8
  %176 = add i32 %167, -8
  %177 = icmp ugt i32 %176, 7
  br i1 %177, label %166, label %178, !llvm.loop !55

178:                                              ; preds = %173, %158
  %179 = phi ptr [ %164, %158 ], [ %174, %173 ]
  %180 = phi ptr [ %1, %158 ], [ %175, %173 ]
  %181 = phi i32 [ %161, %158 ], [ %176, %173 ]
  %182 = icmp samesign ugt i32 %181, 3
  br i1 %182, label %183, label %191

183:                                              ; preds = %178
  %184 = load i32, ptr %179, align 1
  %185 = load i32, ptr %180, align 1
  %186 = icmp eq i32 %184, %185
  br i1 %186, label %187, label %208

187:                                              ; preds = %183
  %188 = getelementptr inbounds nuw i8, ptr %179, i64 4
  %189 = getelementptr inbounds nuw i8, ptr %180, i64 4
  %190 = add nsw i32 %181, -4
  br label %191

191:                                              ; preds = %187, %178
  %192 = phi ptr [ %188, %187 ], [ %179, %178 ]
  %193 = phi ptr [ %189, %187 ], [ %180, %178 ]
  %194 = phi i32 [ %190, %187 ], [ %181, %178 ]
  %195 = icmp eq i32 %194, 0
  br i1 %195, label %211, label %196

196:                                              ; preds = %191, %203
  %197 = phi i32 [ %206, %203 ], [ %194, %191 ]
  %198 = phi ptr [ %205, %203 ], [ %193, %191 ]
  %199 = phi ptr [ %204, %203 ], [ %192, %191 ]
  %200 = load i8, ptr %199, align 1, !tbaa !10
  %201 = load i8, ptr %198, align 1, !tbaa !10
  %202 = icmp eq i8 %200, %201
  br i1 %202, label %203, label %208

203:                                              ; preds = %196
  %204 = getelementptr inbounds nuw i8, ptr %199, i64 1
  %205 = getelementptr inbounds nuw i8, ptr %198, i64 1
  %206 = add nsw i32 %197, -1
  %207 = icmp eq i32 %206, 0
  br i1 %207, label %211, label %196, !llvm.loop !56

208:                                              ; preds = %166, %196, %183, %149
  %209 = load i32, ptr %154, align 4, !tbaa !4
  %210 = icmp eq i32 %209, 0
  br i1 %210, label %269, label %149, !llvm.loop !57

211:                                              ; preds = %191, %203
  %212 = load i32, ptr %4, align 4, !tbaa !12
  %213 = add i32 %212, -11
  %214 = icmp ult i32 %213, -2
  br i1 %214, label %253, label %215

215:                                              ; preds = %211
  %216 = getelementptr inbounds nuw i8, ptr %0, i64 72
  %217 = load i32, ptr %216, align 8, !tbaa !58
  %218 = icmp eq i32 %217, %150
  br i1 %218, label %253, label %219

219:                                              ; preds = %215
  %220 = getelementptr inbounds nuw i8, ptr %154, i64 8
  %221 = load i32, ptr %220, align 4, !tbaa !59
  %222 = icmp eq i32 %221, 0
  %223 = getelementptr inbounds nuw i8, ptr %154, i64 12
  %224 = load i32, ptr %223, align 4, !tbaa !60
  br i1 %222, label %231, label %225

225:                                              ; preds = %219
  %226 = add i32 %221, -1
  %227 = zext i32 %226 to i64
  %228 = mul nuw i64 %227, %146
  %229 = getelementptr inbounds nuw i8, ptr %143, i64 %228
  %230 = getelementptr inbounds nuw i8, ptr %229, i64 12
  store i32 %224, ptr %230, align 4, !tbaa !60
  br label %231

231:                                              ; preds = %225, %219
  %232 = phi i32 [ %217, %225 ], [ %224, %219 ]
  %233 = icmp eq i32 %224, 0
  br i1 %233, label %240, label %234

234:                                              ; preds = %231
  %235 = add i32 %224, -1
  %236 = zext i32 %235 to i64
  %237 = mul nuw i64 %236, %146
  %238 = getelementptr inbounds nuw i8, ptr %143, i64 %237
  %239 = getelementptr inbounds nuw i8, ptr %238, i64 8
  store i32 %221, ptr %239, align 4, !tbaa !59
  br label %242

240:                                              ; preds = %231
  %241 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %221, ptr %241, align 4, !tbaa !61
  br label %242

242:                                              ; preds = %240, %234
  store i32 0, ptr %220, align 4, !tbaa !59
  store i32 %232, ptr %223, align 4, !tbaa !60
  %243 = icmp eq i32 %232, 0
  br i1 %243, label %250, label %244

244:                                              ; preds = %242
  %245 = add i32 %232, -1
  %246 = zext i32 %245 to i64
  %247 = mul nuw i64 %246, %146
  %248 = getelementptr inbounds nuw i8, ptr %143, i64 %247
  %249 = getelementptr inbounds nuw i8, ptr %248, i64 8
  store i32 %150, ptr %249, align 4, !tbaa !59
  br label %252

250:                                              ; preds = %242
  %251 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %150, ptr %251, align 4, !tbaa !61
  br label %252

252:                                              ; preds = %250, %244
  store i32 %150, ptr %216, align 8, !tbaa !58
  br label %253

253:                                              ; preds = %252, %215, %211
  %254 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %255 = load i64, ptr %254, align 8, !tbaa !25
  %256 = getelementptr inbounds nuw i8, ptr %0, i64 %255
  %257 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %258 = load i32, ptr %257, align 8, !tbaa !24
  %259 = zext i32 %258 to i64
  %260 = mul nuw i64 %259, %152
  %261 = getelementptr inbounds nuw i8, ptr %256, i64 %260
  switch i32 %212, label %270 [
    i32 10, label %262
    i32 6, label %262
    i32 5, label %262
  ]

262:                                              ; preds = %253, %253, %253
  %263 = zext i32 %2 to i64
  %264 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %265 = load i32, ptr %264, align 4, !tbaa !23
  %266 = zext i32 %265 to i64
  %267 = mul nuw i64 %266, %263
  %268 = getelementptr inbounds nuw i8, ptr %261, i64 %267
  store atomic i32 0, ptr %118 release, align 8
  br label %288

269:                                              ; preds = %208, %128
  store atomic i32 0, ptr %118 release, align 8
  br label %288

270:                                              ; preds = %253
  store atomic i32 0, ptr %118 release, align 8
  %271 = icmp eq i32 %212, 13
  br i1 %271, label %272, label %288

272:                                              ; preds = %270
  %273 = load i64, ptr %261, align 1
  %274 = inttoptr i64 %273 to ptr
  br label %288

275:                                              ; preds = %3
  %276 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %277 = atomicrmw xchg ptr %276, i32 1 acquire, align 8
  %278 = icmp eq i32 %277, 0
  br i1 %278, label %286, label %279

279:                                              ; preds = %275, %282
  %280 = load atomic i32, ptr %276 monotonic, align 8
  %281 = icmp eq i32 %280, 0
  br i1 %281, label %283, label %282

282:                                              ; preds = %279, %283
  br label %279, !llvm.loop !47

283:                                              ; preds = %279
  %284 = atomicrmw xchg ptr %276, i32 1 acquire, align 8
  %285 = icmp eq i32 %284, 0
  br i1 %285, label %286, label %282

286:                                              ; preds = %283, %275
  %287 = tail call fastcc ptr @lpm_find(ptr noundef nonnull %0, ptr noundef readonly %1) #14
  store atomic i32 0, ptr %276 release, align 8
  br label %288

288:                                              ; preds = %3, %61, %43, %272, %270, %269, %262, %112, %83, %78, %33, %17, %13, %6, %66, %48, %286
  %289 = phi ptr [ null, %269 ], [ null, %3 ], [ %287, %286 ], [ %60, %48 ], [ null, %43 ], [ null, %78 ], [ null, %61 ], [ %77, %66 ], [ %42, %33 ], [ null, %6 ], [ %32, %17 ], [ null, %13 ], [ %268, %262 ], [ %95, %83 ], [ null, %112 ], [ %274, %272 ], [ %261, %270 ]
  ret ptr %289
}

; Function Attrs: nofree norecurse nounwind memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define dso_local range(i64 -524, 1) i64 @ebpy_map_lookup_copy(ptr noundef %0, ptr noundef readonly captures(none) %1, ptr noundef captures(none) %2, i32 noundef %3) local_unnamed_addr #8 {
  %5 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %6 = load i32, ptr %5, align 4, !tbaa !12
  switch i32 %6, label %215 [
    i32 2, label %7
    i32 6, label %25
    i32 3, label %70
    i32 12, label %70
    i32 14, label %94
    i32 1, label %115
    i32 5, label %115
    i32 9, label %115
    i32 10, label %115
    i32 13, label %115
    i32 25, label %115
    i32 11, label %117
    i32 22, label %137
    i32 23, label %137
    i32 30, label %176
    i32 27, label %216
  ]

7:                                                ; preds = %4
  %8 = load i32, ptr %1, align 1
  %9 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %10 = load i32, ptr %9, align 8, !tbaa !17
  %11 = icmp ult i32 %8, %10
  br i1 %11, label %12, label %216

12:                                               ; preds = %7
  %13 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %14 = load i64, ptr %13, align 8, !tbaa !25
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 %14
  %16 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %17 = load i32, ptr %16, align 8, !tbaa !24
  %18 = zext i32 %17 to i64
  %19 = zext i32 %8 to i64
  %20 = mul nuw i64 %18, %19
  %21 = getelementptr inbounds nuw i8, ptr %15, i64 %20
  %22 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %23 = load i32, ptr %22, align 4, !tbaa !16
  %24 = zext i32 %23 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %21, i64 %24, i1 false)
  br label %216

25:                                               ; preds = %4
  %26 = icmp eq i32 %3, -1
  %27 = load i32, ptr %1, align 1
  %28 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %29 = load i32, ptr %28, align 8, !tbaa !17
  %30 = icmp ult i32 %27, %29
  br i1 %26, label %31, label %46

31:                                               ; preds = %25
  br i1 %30, label %32, label %216

32:                                               ; preds = %31
  %33 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %34 = load i32, ptr %33, align 8, !tbaa !19
  %35 = icmp eq i32 %34, 0
  br i1 %35, label %216, label %36

36:                                               ; preds = %32
  %37 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %38 = load i64, ptr %37, align 8, !tbaa !25
  %39 = getelementptr inbounds nuw i8, ptr %0, i64 %38
  %40 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %41 = load i32, ptr %40, align 8, !tbaa !24
  %42 = zext i32 %41 to i64
  %43 = zext i32 %27 to i64
  %44 = mul nuw i64 %42, %43
  %45 = getelementptr inbounds nuw i8, ptr %39, i64 %44
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %45, i64 %42, i1 false)
  br label %216

46:                                               ; preds = %25
  br i1 %30, label %47, label %216

47:                                               ; preds = %46
  %48 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %49 = load i32, ptr %48, align 8, !tbaa !19
  %50 = icmp ult i32 %3, %49
  br i1 %50, label %51, label %216

51:                                               ; preds = %47
  %52 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %53 = load i64, ptr %52, align 8, !tbaa !25
  %54 = getelementptr inbounds nuw i8, ptr %0, i64 %53
  %55 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %56 = load i32, ptr %55, align 8, !tbaa !24
  %57 = zext i32 %56 to i64
  %58 = zext i32 %27 to i64
  %59 = mul nuw i64 %57, %58
  %60 = getelementptr inbounds nuw i8, ptr %54, i64 %59
  %61 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %62 = load i32, ptr %61, align 4, !tbaa !23
  %63 = zext i32 %62 to i64
  %64 = zext i32 %3 to i64
  %65 = mul nuw i64 %63, %64
  %66 = getelementptr inbounds nuw i8, ptr %60, i64 %65
  %67 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %68 = load i32, ptr %67, align 4, !tbaa !16
  %69 = zext i32 %68 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %66, i64 %69, i1 false)
  br label %216

70:                                               ; preds = %4, %4
  %71 = load i32, ptr %1, align 1
  %72 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %73 = load i32, ptr %72, align 8, !tbaa !17
  %74 = icmp ult i32 %71, %73
  br i1 %74, label %75, label %216

75:                                               ; preds = %70
  %76 = icmp eq i32 %6, 6
  br i1 %76, label %77, label %81

77:                                               ; preds = %75
  %78 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %79 = load i32, ptr %78, align 8, !tbaa !19
  %80 = icmp eq i32 %79, 0
  br i1 %80, label %216, label %81

81:                                               ; preds = %75, %77
  %82 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %83 = load i64, ptr %82, align 8, !tbaa !25
  %84 = getelementptr inbounds nuw i8, ptr %0, i64 %83
  %85 = zext i32 %71 to i64
  %86 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %87 = load i32, ptr %86, align 8, !tbaa !24
  %88 = zext i32 %87 to i64
  %89 = mul nuw i64 %88, %85
  %90 = getelementptr inbounds nuw i8, ptr %84, i64 %89
  %91 = load atomic i64, ptr %90 acquire, align 8
  %92 = icmp eq i64 %91, 0
  br i1 %92, label %216, label %93

93:                                               ; preds = %81
  store i64 %91, ptr %2, align 1
  br label %216

94:                                               ; preds = %4
  %95 = load i32, ptr %1, align 1
  %96 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %97 = load i32, ptr %96, align 8, !tbaa !17
  %98 = icmp ult i32 %95, %97
  br i1 %98, label %99, label %216

99:                                               ; preds = %94
  %100 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %101 = load i64, ptr %100, align 8, !tbaa !25
  %102 = getelementptr inbounds nuw i8, ptr %0, i64 %101
  %103 = zext i32 %95 to i64
  %104 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %105 = load i32, ptr %104, align 8, !tbaa !24
  %106 = zext i32 %105 to i64
  %107 = mul nuw i64 %106, %103
  %108 = getelementptr inbounds nuw i8, ptr %102, i64 %107
  %109 = load i32, ptr %108, align 1
  %110 = icmp eq i32 %109, 0
  br i1 %110, label %216, label %111

111:                                              ; preds = %99
  %112 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %113 = load i32, ptr %112, align 4, !tbaa !16
  %114 = zext i32 %113 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %108, i64 %114, i1 false)
  br label %216

115:                                              ; preds = %4, %4, %4, %4, %4, %4
  %116 = tail call fastcc i64 @htab_lookup_copy(ptr noundef nonnull %0, ptr noundef %1, ptr noundef %2, i32 noundef %3, i32 noundef 0) #14
  br label %216

117:                                              ; preds = %4
  %118 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %119 = atomicrmw xchg ptr %118, i32 1 acquire, align 8
  %120 = icmp eq i32 %119, 0
  br i1 %120, label %128, label %121

121:                                              ; preds = %117, %124
  %122 = load atomic i32, ptr %118 monotonic, align 8
  %123 = icmp eq i32 %122, 0
  br i1 %123, label %125, label %124

124:                                              ; preds = %121, %125
  br label %121, !llvm.loop !47

125:                                              ; preds = %121
  %126 = atomicrmw xchg ptr %118, i32 1 acquire, align 8
  %127 = icmp eq i32 %126, 0
  br i1 %127, label %128, label %124

128:                                              ; preds = %125, %117
  %129 = tail call fastcc ptr @lpm_find(ptr noundef nonnull %0, ptr noundef %1) #14
  %130 = icmp eq ptr %129, null
  br i1 %130, label %135, label %131

131:                                              ; preds = %128
  %132 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %133 = load i32, ptr %132, align 4, !tbaa !16
  %134 = zext i32 %133 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %129, i64 %134, i1 false)
  br label %135

135:                                              ; preds = %131, %128
  %136 = phi i64 [ 0, %131 ], [ -2, %128 ]
  store atomic i32 0, ptr %118 release, align 8
  br label %216

137:                                              ; preds = %4, %4
  %138 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %139 = load i32, ptr %138, align 8, !tbaa !17
  %140 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %141 = atomicrmw xchg ptr %140, i32 1 acquire, align 8
  %142 = icmp eq i32 %141, 0
  br i1 %142, label %150, label %143

143:                                              ; preds = %137, %146
  %144 = load atomic i32, ptr %140 monotonic, align 8
  %145 = icmp eq i32 %144, 0
  br i1 %145, label %147, label %146

146:                                              ; preds = %143, %147
  br label %143, !llvm.loop !47

147:                                              ; preds = %143
  %148 = atomicrmw xchg ptr %140, i32 1 acquire, align 8
  %149 = icmp eq i32 %148, 0
  br i1 %149, label %150, label %146

150:                                              ; preds = %147, %137
  %151 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %152 = load i32, ptr %151, align 4, !tbaa !45
  %153 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %154 = load i32, ptr %153, align 8, !tbaa !46
  %155 = icmp eq i32 %152, %154
  br i1 %155, label %156, label %160

156:                                              ; preds = %150
  store atomic i32 0, ptr %140 release, align 8
  %157 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %158 = load i32, ptr %157, align 4, !tbaa !16
  %159 = zext i32 %158 to i64
  tail call void @llvm.memset.p0.i64(ptr align 1 %2, i8 0, i64 %159, i1 false)
  br label %216

160:                                              ; preds = %150
  %161 = load i32, ptr %5, align 4, !tbaa !12
  %162 = icmp eq i32 %161, 22
  %163 = icmp eq i32 %152, 0
  %164 = add i32 %152, -1
  %165 = select i1 %163, i32 %139, i32 %164
  %166 = select i1 %162, i32 %154, i32 %165
  %167 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %168 = load i64, ptr %167, align 8, !tbaa !25
  %169 = getelementptr inbounds nuw i8, ptr %0, i64 %168
  %170 = zext i32 %166 to i64
  %171 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %172 = load i32, ptr %171, align 4, !tbaa !16
  %173 = zext i32 %172 to i64
  %174 = mul nuw i64 %173, %170
  %175 = getelementptr inbounds nuw i8, ptr %169, i64 %174
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr readonly align 1 %175, i64 %173, i1 false)
  store atomic i32 0, ptr %140 release, align 8
  br label %216

176:                                              ; preds = %4
  %177 = getelementptr inbounds nuw i8, ptr %0, i64 100
  %178 = load i32, ptr %177, align 4, !tbaa !31
  %179 = icmp eq i32 %178, 0
  br i1 %179, label %216, label %180

180:                                              ; preds = %176
  %181 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %182 = load i32, ptr %181, align 4, !tbaa !16
  %183 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %184 = load i32, ptr %183, align 4, !tbaa !38
  %185 = and i32 %182, 3
  %186 = icmp eq i32 %185, 0
  %187 = lshr exact i32 %182, 2
  %188 = getelementptr inbounds nuw i8, ptr %0, i64 104
  %189 = getelementptr inbounds nuw i8, ptr %0, i64 168
  br label %193

190:                                              ; preds = %200
  %191 = add nuw i32 %194, 1
  %192 = icmp eq i32 %191, %178
  br i1 %192, label %216, label %193, !llvm.loop !62

193:                                              ; preds = %190, %180
  %194 = phi i32 [ 0, %180 ], [ %191, %190 ]
  %195 = add i32 %194, %184
  br i1 %186, label %196, label %198

196:                                              ; preds = %193
  %197 = tail call i32 @ebpy_jhash2(ptr noundef readonly %2, i32 noundef %187, i32 noundef %195) #14
  br label %200

198:                                              ; preds = %193
  %199 = tail call i32 @ebpy_jhash(ptr noundef readonly %2, i32 noundef %182, i32 noundef %195) #14
  br label %200

200:                                              ; preds = %198, %196
  %201 = phi i32 [ %197, %196 ], [ %199, %198 ]
  %202 = load i32, ptr %188, align 8, !tbaa !32
  %203 = and i32 %202, %201
  %204 = load i64, ptr %189, align 8, !tbaa !25
  %205 = getelementptr inbounds nuw i8, ptr %0, i64 %204
  %206 = lshr i32 %203, 6
  %207 = zext nneg i32 %206 to i64
  %208 = getelementptr inbounds nuw i64, ptr %205, i64 %207
  %209 = load atomic i64, ptr %208 monotonic, align 8
  %210 = and i32 %203, 63
  %211 = zext nneg i32 %210 to i64
  %212 = shl nuw i64 1, %211
  %213 = and i64 %212, %209
  %214 = icmp eq i64 %213, 0
  br i1 %214, label %216, label %190

215:                                              ; preds = %4
  br label %216

216:                                              ; preds = %200, %190, %99, %94, %77, %70, %46, %47, %31, %32, %7, %176, %160, %156, %4, %93, %81, %215, %135, %115, %111, %51, %36, %12
  %217 = phi i64 [ -22, %215 ], [ 0, %12 ], [ -2, %77 ], [ 0, %36 ], [ -2, %99 ], [ 0, %51 ], [ -2, %94 ], [ -2, %70 ], [ 0, %111 ], [ -2, %46 ], [ %116, %115 ], [ %136, %135 ], [ -2, %31 ], [ 0, %160 ], [ 0, %93 ], [ -2, %81 ], [ -524, %4 ], [ -2, %32 ], [ -2, %7 ], [ -2, %156 ], [ 0, %176 ], [ -2, %47 ], [ 0, %190 ], [ -2, %200 ]
  ret i64 %217
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define internal fastcc range(i64 -22, 1) i64 @htab_lookup_copy(ptr noundef %0, ptr noundef readonly captures(none) %1, ptr noundef writeonly captures(none) %2, i32 noundef %3, i32 noundef range(i32 0, 2) %4) unnamed_addr #6 {
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %7 = load i32, ptr %6, align 4, !tbaa !12
  %8 = icmp eq i32 %7, 25
  br i1 %8, label %9, label %11

9:                                                ; preds = %5
  %10 = load i32, ptr %1, align 1
  br label %23

11:                                               ; preds = %5
  %12 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %13 = load i32, ptr %12, align 8, !tbaa !15
  %14 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %15 = load i32, ptr %14, align 4, !tbaa !38
  %16 = and i32 %13, 3
  %17 = icmp eq i32 %16, 0
  br i1 %17, label %18, label %21

18:                                               ; preds = %11
  %19 = lshr exact i32 %13, 2
  %20 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %19, i32 noundef %15) #14
  br label %23

21:                                               ; preds = %11
  %22 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %13, i32 noundef %15) #14
  br label %23

23:                                               ; preds = %9, %18, %21
  %24 = phi i32 [ %10, %9 ], [ %20, %18 ], [ %22, %21 ]
  %25 = add i32 %7, -5
  %26 = icmp ult i32 %25, 2
  %27 = icmp eq i32 %7, 10
  %28 = or i1 %27, %26
  %29 = icmp ne i32 %3, -1
  %30 = and i1 %29, %28
  br i1 %30, label %31, label %35

31:                                               ; preds = %23
  %32 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %33 = load i32, ptr %32, align 8, !tbaa !19
  %34 = icmp ult i32 %3, %33
  br i1 %34, label %35, label %211

35:                                               ; preds = %31, %23
  %36 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %37 = atomicrmw xchg ptr %36, i32 1 acquire, align 8
  %38 = icmp eq i32 %37, 0
  br i1 %38, label %46, label %39

39:                                               ; preds = %35, %42
  %40 = load atomic i32, ptr %36 monotonic, align 8
  %41 = icmp eq i32 %40, 0
  br i1 %41, label %43, label %42

42:                                               ; preds = %39, %43
  br label %39, !llvm.loop !47

43:                                               ; preds = %39
  %44 = atomicrmw xchg ptr %36, i32 1 acquire, align 8
  %45 = icmp eq i32 %44, 0
  br i1 %45, label %46, label %42

46:                                               ; preds = %43, %35
  %47 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %48 = load i64, ptr %47, align 8, !tbaa !28
  %49 = getelementptr inbounds nuw i8, ptr %0, i64 %48
  %50 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %51 = load i32, ptr %50, align 8, !tbaa !26
  %52 = add i32 %51, -1
  %53 = and i32 %52, %24
  %54 = zext i32 %53 to i64
  %55 = getelementptr inbounds nuw i32, ptr %49, i64 %54
  %56 = load i32, ptr %55, align 4, !tbaa !4
  %57 = icmp eq i32 %56, 0
  br i1 %57, label %209, label %58

58:                                               ; preds = %46
  %59 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %60 = load i64, ptr %59, align 8, !tbaa !29
  %61 = getelementptr inbounds nuw i8, ptr %0, i64 %60
  %62 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %63 = load i32, ptr %62, align 4, !tbaa !27
  %64 = zext i32 %63 to i64
  %65 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %66 = getelementptr inbounds nuw i8, ptr %0, i64 8
  br label %67

67:                                               ; preds = %127, %58
  %68 = phi i32 [ %56, %58 ], [ %128, %127 ]
  %69 = phi ptr [ %55, %58 ], [ %73, %127 ]
  %70 = add i32 %68, -1
  %71 = zext i32 %70 to i64
  %72 = mul nuw i64 %71, %64
  %73 = getelementptr inbounds nuw i8, ptr %61, i64 %72
  %74 = getelementptr inbounds nuw i8, ptr %73, i64 4
  %75 = load i32, ptr %74, align 4, !tbaa !53
  %76 = icmp eq i32 %75, %24
  br i1 %76, label %77, label %127

77:                                               ; preds = %67
  %78 = load i64, ptr %65, align 8, !tbaa !30
  %79 = getelementptr inbounds nuw i8, ptr %0, i64 %78
  %80 = load i32, ptr %66, align 8, !tbaa !15
  %81 = zext i32 %80 to i64
  %82 = mul nuw i64 %81, %71
  %83 = getelementptr inbounds nuw i8, ptr %79, i64 %82
  %84 = icmp ugt i32 %80, 7
  br i1 %84, label %85, label %97

85:                                               ; preds = %77, %92
  %86 = phi i32 [ %95, %92 ], [ %80, %77 ]
  %87 = phi ptr [ %94, %92 ], [ %1, %77 ]
  %88 = phi ptr [ %93, %92 ], [ %83, %77 ]
  %89 = load i64, ptr %88, align 1
  %90 = load i64, ptr %87, align 1
  %91 = icmp eq i64 %89, %90
  br i1 %91, label %92, label %127

92:                                               ; preds = %85
  %93 = getelementptr inbounds nuw i8, ptr %88, i64 8
  %94 = getelementptr inbounds nuw i8, ptr %87, i64 8
  %95 = add i32 %86, -8
  %96 = icmp ugt i32 %95, 7
  br i1 %96, label %85, label %97, !llvm.loop !55

97:                                               ; preds = %92, %77
  %98 = phi ptr [ %83, %77 ], [ %93, %92 ]
  %99 = phi ptr [ %1, %77 ], [ %94, %92 ]
  %100 = phi i32 [ %80, %77 ], [ %95, %92 ]
  %101 = icmp samesign ugt i32 %100, 3
  br i1 %101, label %102, label %110

102:                                              ; preds = %97
  %103 = load i32, ptr %98, align 1
  %104 = load i32, ptr %99, align 1
  %105 = icmp eq i32 %103, %104
  br i1 %105, label %106, label %127

106:                                              ; preds = %102
  %107 = getelementptr inbounds nuw i8, ptr %98, i64 4
  %108 = getelementptr inbounds nuw i8, ptr %99, i64 4
  %109 = add nsw i32 %100, -4
  br label %110

110:                                              ; preds = %106, %97
  %111 = phi ptr [ %107, %106 ], [ %98, %97 ]
  %112 = phi ptr [ %108, %106 ], [ %99, %97 ]
  %113 = phi i32 [ %109, %106 ], [ %100, %97 ]
  %114 = icmp eq i32 %113, 0
  br i1 %114, label %130, label %115

115:                                              ; preds = %110, %122
  %116 = phi i32 [ %125, %122 ], [ %113, %110 ]
  %117 = phi ptr [ %124, %122 ], [ %112, %110 ]
  %118 = phi ptr [ %123, %122 ], [ %111, %110 ]
  %119 = load i8, ptr %118, align 1, !tbaa !10
  %120 = load i8, ptr %117, align 1, !tbaa !10
  %121 = icmp eq i8 %119, %120
  br i1 %121, label %122, label %127

122:                                              ; preds = %115
  %123 = getelementptr inbounds nuw i8, ptr %118, i64 1
  %124 = getelementptr inbounds nuw i8, ptr %117, i64 1
  %125 = add nsw i32 %116, -1
  %126 = icmp eq i32 %125, 0
  br i1 %126, label %130, label %115, !llvm.loop !56

127:                                              ; preds = %85, %115, %102, %67
  %128 = load i32, ptr %73, align 4, !tbaa !4
  %129 = icmp eq i32 %128, 0
  br i1 %129, label %209, label %67, !llvm.loop !57

130:                                              ; preds = %110, %122
  %131 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %132 = load i64, ptr %131, align 8, !tbaa !25
  %133 = getelementptr inbounds nuw i8, ptr %0, i64 %132
  %134 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %135 = load i32, ptr %134, align 8, !tbaa !24
  %136 = zext i32 %135 to i64
  %137 = mul nuw i64 %136, %71
  %138 = getelementptr inbounds nuw i8, ptr %133, i64 %137
  %139 = load i32, ptr %6, align 4, !tbaa !12
  switch i32 %139, label %140 [
    i32 10, label %144
    i32 6, label %144
    i32 5, label %144
  ]

140:                                              ; preds = %130
  %141 = getelementptr inbounds nuw i8, ptr %0, i64 32
  %142 = load i32, ptr %141, align 8, !tbaa !22
  %143 = zext i32 %142 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %138, i64 %143, i1 false)
  br label %157

144:                                              ; preds = %130, %130, %130
  %145 = icmp eq i32 %3, -1
  br i1 %145, label %146, label %147

146:                                              ; preds = %144
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr nonnull readonly align 1 %138, i64 %136, i1 false)
  br label %157

147:                                              ; preds = %144
  %148 = zext i32 %3 to i64
  %149 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %150 = load i32, ptr %149, align 4, !tbaa !23
  %151 = zext i32 %150 to i64
  %152 = mul nuw i64 %151, %148
  %153 = getelementptr inbounds nuw i8, ptr %138, i64 %152
  %154 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %155 = load i32, ptr %154, align 4, !tbaa !16
  %156 = zext i32 %155 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr readonly align 1 %153, i64 %156, i1 false)
  br label %157

157:                                              ; preds = %140, %146, %147
  %158 = icmp eq i32 %4, 0
  br i1 %158, label %209, label %159

159:                                              ; preds = %157
  %160 = load i32, ptr %69, align 4, !tbaa !4
  %161 = load i64, ptr %59, align 8, !tbaa !29
  %162 = getelementptr inbounds nuw i8, ptr %0, i64 %161
  %163 = add i32 %160, -1
  %164 = zext i32 %163 to i64
  %165 = load i32, ptr %62, align 4, !tbaa !27
  %166 = zext i32 %165 to i64
  %167 = mul nuw i64 %166, %164
  %168 = getelementptr inbounds nuw i8, ptr %162, i64 %167
  %169 = load i32, ptr %168, align 4, !tbaa !63
  store i32 %169, ptr %69, align 4, !tbaa !4
  %170 = load i32, ptr %6, align 4, !tbaa !12
  %171 = add i32 %170, -11
  %172 = icmp ult i32 %171, -2
  %173 = load i32, ptr %62, align 4, !tbaa !27
  %174 = zext i32 %173 to i64
  %175 = mul nuw i64 %174, %164
  br i1 %172, label %202, label %176

176:                                              ; preds = %159
  %177 = getelementptr inbounds nuw i8, ptr %162, i64 %175
  %178 = getelementptr inbounds nuw i8, ptr %177, i64 8
  %179 = load i32, ptr %178, align 4, !tbaa !59
  %180 = icmp eq i32 %179, 0
  %181 = getelementptr inbounds nuw i8, ptr %177, i64 12
  %182 = load i32, ptr %181, align 4, !tbaa !60
  br i1 %180, label %189, label %183

183:                                              ; preds = %176
  %184 = add i32 %179, -1
  %185 = zext i32 %184 to i64
  %186 = mul nuw i64 %185, %174
  %187 = getelementptr inbounds nuw i8, ptr %162, i64 %186
  %188 = getelementptr inbounds nuw i8, ptr %187, i64 12
  store i32 %182, ptr %188, align 4, !tbaa !60
  br label %191

189:                                              ; preds = %176
  %190 = getelementptr inbounds nuw i8, ptr %0, i64 72
  store i32 %182, ptr %190, align 8, !tbaa !58
  br label %191

191:                                              ; preds = %189, %183
  %192 = icmp eq i32 %182, 0
  br i1 %192, label %199, label %193

193:                                              ; preds = %191
  %194 = add i32 %182, -1
  %195 = zext i32 %194 to i64
  %196 = mul nuw i64 %195, %174
  %197 = getelementptr inbounds nuw i8, ptr %162, i64 %196
  %198 = getelementptr inbounds nuw i8, ptr %197, i64 8
  store i32 %179, ptr %198, align 4, !tbaa !59
  br label %201

199:                                              ; preds = %191
  %200 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %179, ptr %200, align 4, !tbaa !61
  br label %201

201:                                              ; preds = %199, %193
  store i32 0, ptr %178, align 4, !tbaa !59
  store i32 0, ptr %181, align 4, !tbaa !60
  br label %202

202:                                              ; preds = %159, %201
  %203 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %204 = load i32, ptr %203, align 4, !tbaa !64
  %205 = getelementptr inbounds nuw i8, ptr %162, i64 %175
  store i32 %204, ptr %205, align 4, !tbaa !63
  store i32 %160, ptr %203, align 4, !tbaa !64
  %206 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %207 = load i32, ptr %206, align 4, !tbaa !65
  %208 = add i32 %207, -1
  store i32 %208, ptr %206, align 4, !tbaa !65
  br label %209

209:                                              ; preds = %127, %46, %157, %202
  %210 = phi i64 [ 0, %202 ], [ 0, %157 ], [ -2, %46 ], [ -2, %127 ]
  store atomic i32 0, ptr %36 release, align 8
  br label %211

211:                                              ; preds = %31, %209
  %212 = phi i64 [ %210, %209 ], [ -22, %31 ]
  ret i64 %212
}

; Function Attrs: nofree norecurse nosync nounwind memory(argmem: read)
define internal fastcc ptr @lpm_find(ptr noundef readonly captures(ret: address, provenance) %0, ptr noundef readonly captures(none) %1) unnamed_addr #0 {
  %3 = load i32, ptr %1, align 1
  %4 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %5 = load i32, ptr %4, align 8, !tbaa !15
  %6 = add i32 %5, -4
  %7 = shl i32 %6, 3
  %8 = getelementptr inbounds nuw i8, ptr %1, i64 4
  %9 = icmp ugt i32 %3, %7
  br i1 %9, label %114, label %10

10:                                               ; preds = %2
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 80
  %12 = load i32, ptr %11, align 4, !tbaa !4
  %13 = icmp eq i32 %12, 0
  br i1 %13, label %114, label %14

14:                                               ; preds = %10
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %16 = load i64, ptr %15, align 8, !tbaa !29
  %17 = getelementptr inbounds nuw i8, ptr %0, i64 %16
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %19 = load i32, ptr %18, align 4, !tbaa !27
  %20 = zext i32 %19 to i64
  %21 = icmp ne i32 %6, 0
  %22 = zext i32 %6 to i64
  br label %23

23:                                               ; preds = %14, %70
  %24 = phi i32 [ %12, %14 ], [ %86, %70 ]
  %25 = phi i32 [ 0, %14 ], [ %74, %70 ]
  %26 = add i32 %24, -1
  %27 = zext i32 %26 to i64
  %28 = mul nuw i64 %20, %27
  %29 = getelementptr inbounds nuw i8, ptr %17, i64 %28
  %30 = getelementptr inbounds nuw i8, ptr %29, i64 8
  %31 = load i32, ptr %30, align 4, !tbaa !4
  %32 = tail call noundef i32 @llvm.umin.i32(i32 %31, i32 %3)
  %33 = icmp ne i32 %32, 0
  %34 = and i1 %21, %33
  br i1 %34, label %35, label %65

35:                                               ; preds = %23
  %36 = getelementptr inbounds nuw i8, ptr %29, i64 16
  %37 = load i8, ptr %36, align 1, !tbaa !10
  %38 = load i8, ptr %8, align 1, !tbaa !10
  %39 = icmp eq i8 %37, %38
  br i1 %39, label %40, label %56

40:                                               ; preds = %35, %48
  %41 = phi i64 [ %42, %48 ], [ 0, %35 ]
  %42 = add nuw nsw i64 %41, 1
  %43 = icmp samesign ult i64 %42, %22
  %44 = trunc nuw i64 %42 to i32
  %45 = shl i32 %44, 3
  %46 = icmp ult i32 %45, %32
  %47 = and i1 %43, %46
  br i1 %47, label %48, label %65, !llvm.loop !66

48:                                               ; preds = %40
  %49 = getelementptr inbounds nuw i8, ptr %36, i64 %42
  %50 = load i8, ptr %49, align 1, !tbaa !10
  %51 = getelementptr inbounds nuw i8, ptr %8, i64 %42
  %52 = load i8, ptr %51, align 1, !tbaa !10
  %53 = icmp eq i8 %50, %52
  br i1 %53, label %40, label %54, !llvm.loop !66

54:                                               ; preds = %48
  %55 = add i32 %45, -24
  br label %56

56:                                               ; preds = %54, %35
  %57 = phi i32 [ -24, %35 ], [ %55, %54 ]
  %58 = phi i8 [ %37, %35 ], [ %50, %54 ]
  %59 = phi i8 [ %38, %35 ], [ %52, %54 ]
  %60 = xor i8 %59, %58
  %61 = zext i8 %60 to i32
  %62 = tail call range(i32 24, 33) i32 @llvm.ctlz.i32(i32 %61, i1 true)
  %63 = add i32 %57, %62
  %64 = tail call noundef i32 @llvm.umin.i32(i32 %63, i32 %32)
  br label %65

65:                                               ; preds = %40, %23, %56
  %66 = phi i32 [ %64, %56 ], [ %32, %23 ], [ %32, %40 ]
  %67 = icmp eq i32 %66, %7
  br i1 %67, label %88, label %68

68:                                               ; preds = %65
  %69 = icmp ult i32 %66, %31
  br i1 %69, label %88, label %70

70:                                               ; preds = %68
  %71 = getelementptr inbounds nuw i8, ptr %29, i64 12
  %72 = load i32, ptr %71, align 4, !tbaa !4
  %73 = icmp eq i32 %72, 0
  %74 = select i1 %73, i32 %25, i32 %24
  %75 = lshr i32 %31, 3
  %76 = zext nneg i32 %75 to i64
  %77 = getelementptr inbounds nuw i8, ptr %8, i64 %76
  %78 = load i8, ptr %77, align 1, !tbaa !10
  %79 = zext i8 %78 to i32
  %80 = and i32 %31, 7
  %81 = xor i32 %80, 7
  %82 = lshr i32 %79, %81
  %83 = and i32 %82, 1
  %84 = zext nneg i32 %83 to i64
  %85 = getelementptr inbounds nuw i32, ptr %29, i64 %84
  %86 = load i32, ptr %85, align 4, !tbaa !4
  %87 = icmp eq i32 %86, 0
  br i1 %87, label %88, label %23

88:                                               ; preds = %70, %65, %68
  %89 = phi i32 [ %24, %65 ], [ %74, %70 ], [ %25, %68 ]
  %90 = icmp eq i32 %89, 0
  br i1 %90, label %114, label %91

91:                                               ; preds = %88
  %92 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %93 = load i64, ptr %92, align 8, !tbaa !29
  %94 = getelementptr inbounds nuw i8, ptr %0, i64 %93
  %95 = add i32 %89, -1
  %96 = zext i32 %95 to i64
  %97 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %98 = load i32, ptr %97, align 4, !tbaa !27
  %99 = zext i32 %98 to i64
  %100 = mul nuw i64 %99, %96
  %101 = getelementptr inbounds nuw i8, ptr %94, i64 %100
  %102 = getelementptr inbounds nuw i8, ptr %101, i64 12
  %103 = load i32, ptr %102, align 4, !tbaa !4
  %104 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %105 = load i64, ptr %104, align 8, !tbaa !25
  %106 = getelementptr inbounds nuw i8, ptr %0, i64 %105
  %107 = add i32 %103, -1
  %108 = zext i32 %107 to i64
  %109 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %110 = load i32, ptr %109, align 4, !tbaa !23
  %111 = zext i32 %110 to i64
  %112 = mul nuw i64 %111, %108
  %113 = getelementptr inbounds nuw i8, ptr %106, i64 %112
  br label %114

114:                                              ; preds = %10, %91, %88, %2
  %115 = phi ptr [ null, %2 ], [ %113, %91 ], [ null, %88 ], [ null, %10 ]
  ret ptr %115
}

; Function Attrs: nofree norecurse nounwind memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none)
define dso_local range(i64 -524, 1) i64 @ebpy_map_update(ptr noundef %0, ptr noundef readonly captures(none) %1, ptr noundef readonly captures(none) %2, i64 noundef %3, i32 noundef %4) local_unnamed_addr #8 {
  %6 = alloca [8 x i8], align 8
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %8 = load i32, ptr %7, align 4, !tbaa !12
  switch i32 %8, label %623 [
    i32 2, label %9
    i32 6, label %9
    i32 3, label %58
    i32 12, label %58
    i32 14, label %118
    i32 25, label %147
    i32 13, label %274
    i32 1, label %317
    i32 5, label %317
    i32 9, label %317
    i32 10, label %317
    i32 11, label %319
    i32 22, label %538
    i32 23, label %538
    i32 30, label %584
    i32 27, label %624
  ]

9:                                                ; preds = %5, %5
  %10 = load i32, ptr %1, align 1
  %11 = icmp eq i32 %8, 6
  br i1 %11, label %12, label %14

12:                                               ; preds = %9
  %13 = icmp ugt i64 %3, 2
  br i1 %13, label %624, label %17

14:                                               ; preds = %9
  %15 = and i64 %3, -5
  %16 = icmp ugt i64 %15, 2
  br i1 %16, label %624, label %17

17:                                               ; preds = %14, %12
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %19 = load i32, ptr %18, align 8, !tbaa !17
  %20 = icmp ult i32 %10, %19
  br i1 %20, label %21, label %624

21:                                               ; preds = %17
  %22 = and i64 %3, 1
  %23 = icmp eq i64 %22, 0
  br i1 %23, label %24, label %624

24:                                               ; preds = %21
  %25 = and i64 %3, 4
  %26 = icmp eq i64 %25, 0
  br i1 %26, label %27, label %624

27:                                               ; preds = %24
  %28 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %29 = load i64, ptr %28, align 8, !tbaa !25
  %30 = getelementptr inbounds nuw i8, ptr %0, i64 %29
  %31 = zext i32 %10 to i64
  %32 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %33 = load i32, ptr %32, align 8, !tbaa !24
  %34 = zext i32 %33 to i64
  %35 = mul nuw i64 %34, %31
  %36 = getelementptr inbounds nuw i8, ptr %30, i64 %35
  br i1 %11, label %41, label %37

37:                                               ; preds = %27
  %38 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %39 = load i32, ptr %38, align 4, !tbaa !16
  %40 = zext i32 %39 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %36, ptr readonly align 1 %2, i64 %40, i1 false)
  br label %624

41:                                               ; preds = %27
  %42 = icmp eq i32 %4, -1
  br i1 %42, label %43, label %44

43:                                               ; preds = %41
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %36, ptr readonly align 1 %2, i64 %34, i1 false)
  br label %624

44:                                               ; preds = %41
  %45 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %46 = load i32, ptr %45, align 8, !tbaa !19
  %47 = icmp ult i32 %4, %46
  br i1 %47, label %48, label %624

48:                                               ; preds = %44
  %49 = zext i32 %4 to i64
  %50 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %51 = load i32, ptr %50, align 4, !tbaa !23
  %52 = zext i32 %51 to i64
  %53 = mul nuw i64 %52, %49
  %54 = getelementptr inbounds nuw i8, ptr %36, i64 %53
  %55 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %56 = load i32, ptr %55, align 4, !tbaa !16
  %57 = zext i32 %56 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %54, ptr readonly align 1 %2, i64 %57, i1 false)
  br label %624

58:                                               ; preds = %5, %5
  %59 = load i32, ptr %1, align 1
  %60 = load i64, ptr %2, align 1
  %61 = icmp eq i64 %3, 0
  br i1 %61, label %62, label %624

62:                                               ; preds = %58
  %63 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %64 = load i32, ptr %63, align 8, !tbaa !17
  %65 = icmp ult i32 %59, %64
  br i1 %65, label %66, label %624

66:                                               ; preds = %62
  %67 = icmp eq i32 %8, 12
  br i1 %67, label %68, label %108

68:                                               ; preds = %66
  %69 = inttoptr i64 %60 to ptr
  %70 = icmp eq i64 %60, 0
  br i1 %70, label %624, label %71

71:                                               ; preds = %68
  %72 = load atomic i32, ptr %69 acquire, align 8
  %73 = icmp eq i32 %72, 1297698885
  br i1 %73, label %74, label %624

74:                                               ; preds = %71
  %75 = getelementptr inbounds nuw i8, ptr %69, i64 4
  %76 = load i32, ptr %75, align 4, !tbaa !12
  %77 = getelementptr inbounds nuw i8, ptr %0, i64 108
  %78 = load i32, ptr %77, align 4, !tbaa !39
  %79 = icmp eq i32 %76, %78
  br i1 %79, label %80, label %624

80:                                               ; preds = %74
  %81 = getelementptr inbounds nuw i8, ptr %69, i64 8
  %82 = load i32, ptr %81, align 8, !tbaa !15
  %83 = getelementptr inbounds nuw i8, ptr %0, i64 112
  %84 = load i32, ptr %83, align 8, !tbaa !40
  %85 = icmp eq i32 %82, %84
  br i1 %85, label %86, label %624

86:                                               ; preds = %80
  %87 = getelementptr inbounds nuw i8, ptr %69, i64 12
  %88 = load i32, ptr %87, align 4, !tbaa !16
  %89 = getelementptr inbounds nuw i8, ptr %0, i64 116
  %90 = load i32, ptr %89, align 4, !tbaa !41
  %91 = icmp eq i32 %88, %90
  br i1 %91, label %92, label %624

92:                                               ; preds = %86
  %93 = getelementptr inbounds nuw i8, ptr %69, i64 20
  %94 = load i32, ptr %93, align 4, !tbaa !18
  %95 = getelementptr inbounds nuw i8, ptr %0, i64 124
  %96 = load i32, ptr %95, align 4, !tbaa !43
  %97 = icmp eq i32 %94, %96
  br i1 %97, label %98, label %624

98:                                               ; preds = %92
  switch i32 %76, label %108 [
    i32 2, label %99
    i32 6, label %99
  ]

99:                                               ; preds = %98, %98
  %100 = and i32 %94, 4096
  %101 = icmp eq i32 %100, 0
  br i1 %101, label %102, label %108

102:                                              ; preds = %99
  %103 = getelementptr inbounds nuw i8, ptr %69, i64 16
  %104 = load i32, ptr %103, align 8, !tbaa !17
  %105 = getelementptr inbounds nuw i8, ptr %0, i64 120
  %106 = load i32, ptr %105, align 8, !tbaa !42
  %107 = icmp eq i32 %104, %106
  br i1 %107, label %108, label %624

108:                                              ; preds = %102, %99, %98, %66
  %109 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %110 = load i64, ptr %109, align 8, !tbaa !25
  %111 = getelementptr inbounds nuw i8, ptr %0, i64 %110
  %112 = zext i32 %59 to i64
  %113 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %114 = load i32, ptr %113, align 8, !tbaa !24
  %115 = zext i32 %114 to i64
  %116 = mul nuw i64 %115, %112
  %117 = getelementptr inbounds nuw i8, ptr %111, i64 %116
  store atomic i64 %60, ptr %117 release, align 8
  br label %624

118:                                              ; preds = %5
  %119 = load i32, ptr %1, align 1
  %120 = and i64 %3, 9223372036854775807
  %121 = icmp samesign ugt i64 %120, 2
  br i1 %121, label %624, label %122

122:                                              ; preds = %118
  %123 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %124 = load i32, ptr %123, align 8, !tbaa !17
  %125 = icmp ult i32 %119, %124
  br i1 %125, label %126, label %624

126:                                              ; preds = %122
  %127 = icmp eq i64 %120, 1
  br i1 %127, label %624, label %128

128:                                              ; preds = %126
  %129 = load i32, ptr %2, align 1
  %130 = icmp eq i32 %129, 0
  %131 = icmp sgt i64 %3, -1
  %132 = or i1 %131, %130
  br i1 %132, label %133, label %624

133:                                              ; preds = %128
  %134 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %135 = load i64, ptr %134, align 8, !tbaa !25
  %136 = getelementptr inbounds nuw i8, ptr %0, i64 %135
  %137 = zext i32 %119 to i64
  %138 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %139 = load i32, ptr %138, align 8, !tbaa !24
  %140 = zext i32 %139 to i64
  %141 = mul nuw i64 %140, %137
  %142 = getelementptr inbounds nuw i8, ptr %136, i64 %141
  %143 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %144 = load i32, ptr %143, align 4, !tbaa !16
  %145 = zext i32 %144 to i64
  tail call void @llvm.memset.p0.i64(ptr align 1 %142, i8 0, i64 %145, i1 false)
  %146 = load i32, ptr %2, align 1
  store i32 %146, ptr %142, align 1
  br label %624

147:                                              ; preds = %5
  %148 = and i64 %3, 9223372036854775807
  call void @llvm.lifetime.start.p0(ptr nonnull %6) #13
  %149 = icmp samesign ugt i64 %148, 2
  br i1 %149, label %272, label %150

150:                                              ; preds = %147
  %151 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %152 = atomicrmw xchg ptr %151, i32 1 acquire, align 8
  %153 = icmp eq i32 %152, 0
  br i1 %153, label %161, label %154

154:                                              ; preds = %150, %157
  %155 = load atomic i32, ptr %151 monotonic, align 8
  %156 = icmp eq i32 %155, 0
  br i1 %156, label %158, label %157

157:                                              ; preds = %154, %158
  br label %154, !llvm.loop !47

158:                                              ; preds = %154
  %159 = atomicrmw xchg ptr %151, i32 1 acquire, align 8
  %160 = icmp eq i32 %159, 0
  br i1 %160, label %161, label %157

161:                                              ; preds = %158, %150
  %162 = load i32, ptr %7, align 4, !tbaa !12
  %163 = icmp eq i32 %162, 25
  br i1 %163, label %164, label %166

164:                                              ; preds = %161
  %165 = load i32, ptr %1, align 1
  br label %178

166:                                              ; preds = %161
  %167 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %168 = load i32, ptr %167, align 8, !tbaa !15
  %169 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %170 = load i32, ptr %169, align 4, !tbaa !38
  %171 = and i32 %168, 3
  %172 = icmp eq i32 %171, 0
  br i1 %172, label %173, label %176

173:                                              ; preds = %166
  %174 = lshr exact i32 %168, 2
  %175 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %174, i32 noundef %170) #14
  br label %178

176:                                              ; preds = %166
  %177 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %168, i32 noundef %170) #14
  br label %178

178:                                              ; preds = %176, %173, %164
  %179 = phi i32 [ %165, %164 ], [ %175, %173 ], [ %177, %176 ]
  %180 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %181 = load i64, ptr %180, align 8, !tbaa !28
  %182 = getelementptr inbounds nuw i8, ptr %0, i64 %181
  %183 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %184 = load i32, ptr %183, align 8, !tbaa !26
  %185 = add i32 %184, -1
  %186 = and i32 %185, %179
  %187 = zext i32 %186 to i64
  %188 = getelementptr inbounds nuw i32, ptr %182, i64 %187
  %189 = load i32, ptr %188, align 4, !tbaa !4
  %190 = icmp eq i32 %189, 0
  br i1 %190, label %262, label %191

191:                                              ; preds = %178
  %192 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %193 = load i64, ptr %192, align 8, !tbaa !29
  %194 = getelementptr inbounds nuw i8, ptr %0, i64 %193
  %195 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %196 = load i32, ptr %195, align 4, !tbaa !27
  %197 = zext i32 %196 to i64
  %198 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %199 = getelementptr inbounds nuw i8, ptr %0, i64 8
  br label %200

200:                                              ; preds = %259, %191
  %201 = phi i32 [ %189, %191 ], [ %260, %259 ]
  %202 = add i32 %201, -1
  %203 = zext i32 %202 to i64
  %204 = mul nuw i64 %203, %197
  %205 = getelementptr inbounds nuw i8, ptr %194, i64 %204
  %206 = getelementptr inbounds nuw i8, ptr %205, i64 4
  %207 = load i32, ptr %206, align 4, !tbaa !53
  %208 = icmp eq i32 %207, %179
  br i1 %208, label %209, label %259

209:                                              ; preds = %200
  %210 = load i64, ptr %198, align 8, !tbaa !30
  %211 = getelementptr inbounds nuw i8, ptr %0, i64 %210
  %212 = load i32, ptr %199, align 8, !tbaa !15
  %213 = zext i32 %212 to i64
  %214 = mul nuw i64 %213, %203
  %215 = getelementptr inbounds nuw i8, ptr %211, i64 %214
  %216 = icmp ugt i32 %212, 7
  br i1 %216, label %217, label %229

217:                                              ; preds = %209, %224
  %218 = phi i32 [ %227, %224 ], [ %212, %209 ]
  %219 = phi ptr [ %226, %224 ], [ %1, %209 ]
  %220 = phi ptr [ %225, %224 ], [ %215, %209 ]
  %221 = load i64, ptr %220, align 1
  %222 = load i64, ptr %219, align 1
  %223 = icmp eq i64 %221, %222
  br i1 %223, label %224, label %259

224:                                              ; preds = %217
  %225 = getelementptr inbounds nuw i8, ptr %220, i64 8
  %226 = getelementptr inbounds nuw i8, ptr %219, i64 8
  %227 = add i32 %218, -8
  %228 = icmp ugt i32 %227, 7
  br i1 %228, label %217, label %229, !llvm.loop !55

229:                                              ; preds = %224, %209
  %230 = phi ptr [ %215, %209 ], [ %225, %224 ]
  %231 = phi ptr [ %1, %209 ], [ %226, %224 ]
  %232 = phi i32 [ %212, %209 ], [ %227, %224 ]
  %233 = icmp samesign ugt i32 %232, 3
  br i1 %233, label %234, label %242

234:                                              ; preds = %229
  %235 = load i32, ptr %230, align 1
  %236 = load i32, ptr %231, align 1
  %237 = icmp eq i32 %235, %236
  br i1 %237, label %238, label %259

238:                                              ; preds = %234
  %239 = getelementptr inbounds nuw i8, ptr %230, i64 4
  %240 = getelementptr inbounds nuw i8, ptr %231, i64 4
  %241 = add nsw i32 %232, -4
  br label %242

242:                                              ; preds = %238, %229
  %243 = phi ptr [ %239, %238 ], [ %230, %229 ]
  %244 = phi ptr [ %240, %238 ], [ %231, %229 ]
  %245 = phi i32 [ %241, %238 ], [ %232, %229 ]
  %246 = icmp eq i32 %245, 0
  br i1 %246, label %263, label %247

247:                                              ; preds = %242, %254
  %248 = phi i32 [ %257, %254 ], [ %245, %242 ]
  %249 = phi ptr [ %256, %254 ], [ %244, %242 ]
  %250 = phi ptr [ %255, %254 ], [ %243, %242 ]
  %251 = load i8, ptr %250, align 1, !tbaa !10
  %252 = load i8, ptr %249, align 1, !tbaa !10
  %253 = icmp eq i8 %251, %252
  br i1 %253, label %254, label %259

254:                                              ; preds = %247
  %255 = getelementptr inbounds nuw i8, ptr %250, i64 1
  %256 = getelementptr inbounds nuw i8, ptr %249, i64 1
  %257 = add nsw i32 %248, -1
  %258 = icmp eq i32 %257, 0
  br i1 %258, label %263, label %247, !llvm.loop !56

259:                                              ; preds = %217, %247, %234, %200
  %260 = load i32, ptr %205, align 4, !tbaa !4
  %261 = icmp eq i32 %260, 0
  br i1 %261, label %262, label %200, !llvm.loop !57

262:                                              ; preds = %259, %178
  store atomic i32 0, ptr %151 release, align 8
  br label %265

263:                                              ; preds = %242, %254
  store atomic i32 0, ptr %151 release, align 8
  %264 = icmp eq i64 %148, 1
  br i1 %264, label %272, label %265

265:                                              ; preds = %263, %262
  %266 = load i32, ptr %2, align 1
  %267 = icmp ne i32 %266, 0
  %268 = icmp sgt i64 %3, -1
  %269 = and i1 %268, %267
  br i1 %269, label %270, label %272

270:                                              ; preds = %265
  store i64 0, ptr %6, align 8
  store i32 %266, ptr %6, align 8
  %271 = call fastcc i64 @htab_update(ptr noundef nonnull %0, ptr noundef readonly %1, ptr noundef nonnull %6, i64 noundef 0, i32 noundef -1) #14
  br label %272

272:                                              ; preds = %147, %263, %265, %270
  %273 = phi i64 [ %271, %270 ], [ -22, %147 ], [ -17, %263 ], [ -22, %265 ]
  call void @llvm.lifetime.end.p0(ptr nonnull %6) #13
  br label %624

274:                                              ; preds = %5
  %275 = load i64, ptr %2, align 1
  %276 = inttoptr i64 %275 to ptr
  %277 = icmp eq i64 %275, 0
  br i1 %277, label %624, label %278

278:                                              ; preds = %274
  %279 = load atomic i32, ptr %276 acquire, align 8
  %280 = icmp eq i32 %279, 1297698885
  br i1 %280, label %281, label %624

281:                                              ; preds = %278
  %282 = getelementptr inbounds nuw i8, ptr %276, i64 4
  %283 = load i32, ptr %282, align 4, !tbaa !12
  %284 = getelementptr inbounds nuw i8, ptr %0, i64 108
  %285 = load i32, ptr %284, align 4, !tbaa !39
  %286 = icmp eq i32 %283, %285
  br i1 %286, label %287, label %624

287:                                              ; preds = %281
  %288 = getelementptr inbounds nuw i8, ptr %276, i64 8
  %289 = load i32, ptr %288, align 8, !tbaa !15
  %290 = getelementptr inbounds nuw i8, ptr %0, i64 112
  %291 = load i32, ptr %290, align 8, !tbaa !40
  %292 = icmp eq i32 %289, %291
  br i1 %292, label %293, label %624

293:                                              ; preds = %287
  %294 = getelementptr inbounds nuw i8, ptr %276, i64 12
  %295 = load i32, ptr %294, align 4, !tbaa !16
  %296 = getelementptr inbounds nuw i8, ptr %0, i64 116
  %297 = load i32, ptr %296, align 4, !tbaa !41
  %298 = icmp eq i32 %295, %297
  br i1 %298, label %299, label %624

299:                                              ; preds = %293
  %300 = getelementptr inbounds nuw i8, ptr %276, i64 20
  %301 = load i32, ptr %300, align 4, !tbaa !18
  %302 = getelementptr inbounds nuw i8, ptr %0, i64 124
  %303 = load i32, ptr %302, align 4, !tbaa !43
  %304 = icmp eq i32 %301, %303
  br i1 %304, label %305, label %624

305:                                              ; preds = %299
  switch i32 %283, label %315 [
    i32 2, label %306
    i32 6, label %306
  ]

306:                                              ; preds = %305, %305
  %307 = and i32 %301, 4096
  %308 = icmp eq i32 %307, 0
  br i1 %308, label %309, label %315

309:                                              ; preds = %306
  %310 = getelementptr inbounds nuw i8, ptr %276, i64 16
  %311 = load i32, ptr %310, align 8, !tbaa !17
  %312 = getelementptr inbounds nuw i8, ptr %0, i64 120
  %313 = load i32, ptr %312, align 8, !tbaa !42
  %314 = icmp eq i32 %311, %313
  br i1 %314, label %315, label %624

315:                                              ; preds = %309, %306, %305
  %316 = tail call fastcc i64 @htab_update(ptr noundef nonnull %0, ptr noundef %1, ptr noundef nonnull %2, i64 noundef %3, i32 noundef %4) #14
  br label %624

317:                                              ; preds = %5, %5, %5, %5
  %318 = tail call fastcc i64 @htab_update(ptr noundef nonnull %0, ptr noundef %1, ptr noundef %2, i64 noundef %3, i32 noundef %4) #14
  br label %624

319:                                              ; preds = %5
  %320 = load i32, ptr %1, align 1
  %321 = getelementptr inbounds nuw i8, ptr %1, i64 4
  %322 = icmp ugt i64 %3, 2
  br i1 %322, label %624, label %323

323:                                              ; preds = %319
  %324 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %325 = load i32, ptr %324, align 8, !tbaa !15
  %326 = shl i32 %325, 3
  %327 = add i32 %326, -32
  %328 = icmp ugt i32 %320, %327
  br i1 %328, label %624, label %329

329:                                              ; preds = %323
  %330 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %331 = atomicrmw xchg ptr %330, i32 1 acquire, align 8
  %332 = icmp eq i32 %331, 0
  br i1 %332, label %340, label %333

333:                                              ; preds = %329, %336
  %334 = load atomic i32, ptr %330 monotonic, align 8
  %335 = icmp eq i32 %334, 0
  br i1 %335, label %337, label %336

336:                                              ; preds = %333, %337
  br label %333, !llvm.loop !47

337:                                              ; preds = %333
  %338 = atomicrmw xchg ptr %330, i32 1 acquire, align 8
  %339 = icmp eq i32 %338, 0
  br i1 %339, label %340, label %336

340:                                              ; preds = %337, %329
  %341 = getelementptr inbounds nuw i8, ptr %0, i64 80
  %342 = load i32, ptr %341, align 4, !tbaa !4
  %343 = icmp eq i32 %342, 0
  br i1 %343, label %416, label %344

344:                                              ; preds = %340
  %345 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %346 = load i64, ptr %345, align 8, !tbaa !29
  %347 = getelementptr inbounds nuw i8, ptr %0, i64 %346
  %348 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %349 = load i32, ptr %348, align 4, !tbaa !27
  %350 = zext i32 %349 to i64
  %351 = load i32, ptr %324, align 8, !tbaa !15
  %352 = add i32 %351, -4
  %353 = icmp ne i32 %352, 0
  %354 = zext i32 %352 to i64
  br label %355

355:                                              ; preds = %402, %344
  %356 = phi i32 [ %342, %344 ], [ %414, %402 ]
  %357 = phi ptr [ %341, %344 ], [ %413, %402 ]
  %358 = add i32 %356, -1
  %359 = zext i32 %358 to i64
  %360 = mul nuw i64 %359, %350
  %361 = getelementptr inbounds nuw i8, ptr %347, i64 %360
  %362 = getelementptr inbounds nuw i8, ptr %361, i64 8
  %363 = load i32, ptr %362, align 4, !tbaa !4
  %364 = tail call noundef i32 @llvm.umin.i32(i32 %363, i32 %320)
  %365 = icmp ne i32 %364, 0
  %366 = and i1 %353, %365
  br i1 %366, label %367, label %397

367:                                              ; preds = %355
  %368 = getelementptr inbounds nuw i8, ptr %361, i64 16
  %369 = load i8, ptr %368, align 1, !tbaa !10
  %370 = load i8, ptr %321, align 1, !tbaa !10
  %371 = icmp eq i8 %369, %370
  br i1 %371, label %372, label %388

372:                                              ; preds = %367, %380
  %373 = phi i64 [ %374, %380 ], [ 0, %367 ]
  %374 = add nuw nsw i64 %373, 1
  %375 = icmp samesign ult i64 %374, %354
  %376 = trunc nuw i64 %374 to i32
  %377 = shl i32 %376, 3
  %378 = icmp ult i32 %377, %364
  %379 = and i1 %375, %378
  br i1 %379, label %380, label %397, !llvm.loop !66

380:                                              ; preds = %372
  %381 = getelementptr inbounds nuw i8, ptr %368, i64 %374
  %382 = load i8, ptr %381, align 1, !tbaa !10
  %383 = getelementptr inbounds nuw i8, ptr %321, i64 %374
  %384 = load i8, ptr %383, align 1, !tbaa !10
  %385 = icmp eq i8 %382, %384
  br i1 %385, label %372, label %386, !llvm.loop !66

386:                                              ; preds = %380
  %387 = add i32 %377, -24
  br label %388

388:                                              ; preds = %386, %367
  %389 = phi i32 [ -24, %367 ], [ %387, %386 ]
  %390 = phi i8 [ %369, %367 ], [ %382, %386 ]
  %391 = phi i8 [ %370, %367 ], [ %384, %386 ]
  %392 = xor i8 %391, %390
  %393 = zext i8 %392 to i32
  %394 = tail call range(i32 24, 33) i32 @llvm.ctlz.i32(i32 %393, i1 true)
  %395 = add i32 %394, %389
  %396 = tail call noundef i32 @llvm.umin.i32(i32 %395, i32 %364)
  br label %397

397:                                              ; preds = %372, %388, %355
  %398 = phi i32 [ %396, %388 ], [ %364, %355 ], [ %364, %372 ]
  %399 = icmp ne i32 %363, %398
  %400 = icmp eq i32 %363, %320
  %401 = select i1 %399, i1 true, i1 %400
  br i1 %401, label %430, label %402

402:                                              ; preds = %397
  %403 = lshr i32 %363, 3
  %404 = zext nneg i32 %403 to i64
  %405 = getelementptr inbounds nuw i8, ptr %321, i64 %404
  %406 = load i8, ptr %405, align 1, !tbaa !10
  %407 = zext i8 %406 to i32
  %408 = and i32 %363, 7
  %409 = xor i32 %408, 7
  %410 = lshr i32 %407, %409
  %411 = and i32 %410, 1
  %412 = zext nneg i32 %411 to i64
  %413 = getelementptr inbounds nuw i32, ptr %361, i64 %412
  %414 = load i32, ptr %413, align 4, !tbaa !4
  %415 = icmp eq i32 %414, 0
  br i1 %415, label %416, label %355, !llvm.loop !67

416:                                              ; preds = %402, %340
  %417 = phi ptr [ %341, %340 ], [ %413, %402 ]
  %418 = icmp eq i64 %3, 2
  br i1 %418, label %536, label %419

419:                                              ; preds = %416
  %420 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %421 = load i32, ptr %420, align 4, !tbaa !65
  %422 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %423 = load i32, ptr %422, align 8, !tbaa !17
  %424 = icmp eq i32 %421, %423
  br i1 %424, label %536, label %425

425:                                              ; preds = %419
  %426 = add i32 %421, 1
  store i32 %426, ptr %420, align 4, !tbaa !65
  %427 = tail call fastcc i32 @lpm_new_node(ptr noundef nonnull %0, i32 noundef %320, ptr noundef nonnull readonly %321, ptr noundef readonly %2) #14
  %428 = icmp eq i32 %427, 0
  br i1 %428, label %532, label %429

429:                                              ; preds = %425
  store i32 %427, ptr %417, align 4, !tbaa !4
  br label %536

430:                                              ; preds = %397
  %431 = icmp eq i32 %363, %398
  br i1 %431, label %432, label %451

432:                                              ; preds = %430
  %433 = getelementptr inbounds nuw i8, ptr %361, i64 12
  %434 = load i32, ptr %433, align 4, !tbaa !4
  %435 = icmp eq i32 %434, 0
  br i1 %435, label %438, label %436

436:                                              ; preds = %432
  %437 = icmp eq i64 %3, 1
  br i1 %437, label %536, label %448

438:                                              ; preds = %432
  %439 = icmp eq i64 %3, 2
  br i1 %439, label %536, label %440

440:                                              ; preds = %438
  %441 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %442 = load i32, ptr %441, align 4, !tbaa !65
  %443 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %444 = load i32, ptr %443, align 8, !tbaa !17
  %445 = icmp eq i32 %442, %444
  br i1 %445, label %536, label %446

446:                                              ; preds = %440
  %447 = add i32 %442, 1
  store i32 %447, ptr %441, align 4, !tbaa !65
  br label %448

448:                                              ; preds = %446, %436
  %449 = tail call fastcc i64 @lpm_fill(ptr noundef nonnull %0, i32 noundef %356, i32 noundef %320, ptr noundef nonnull readonly %321, ptr noundef readonly %2) #14
  %450 = icmp eq i64 %449, 0
  br i1 %450, label %536, label %532

451:                                              ; preds = %430
  %452 = icmp eq i64 %3, 2
  br i1 %452, label %536, label %453

453:                                              ; preds = %451
  %454 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %455 = load i32, ptr %454, align 4, !tbaa !65
  %456 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %457 = load i32, ptr %456, align 8, !tbaa !17
  %458 = icmp eq i32 %455, %457
  br i1 %458, label %536, label %459

459:                                              ; preds = %453
  %460 = add i32 %455, 1
  store i32 %460, ptr %454, align 4, !tbaa !65
  %461 = icmp eq i32 %398, %320
  br i1 %461, label %462, label %486

462:                                              ; preds = %459
  %463 = tail call fastcc i32 @lpm_new_node(ptr noundef nonnull %0, i32 noundef %320, ptr noundef nonnull readonly %321, ptr noundef readonly %2) #14
  %464 = icmp eq i32 %463, 0
  br i1 %464, label %532, label %465

465:                                              ; preds = %462
  %466 = load i64, ptr %345, align 8, !tbaa !29
  %467 = getelementptr inbounds nuw i8, ptr %0, i64 %466
  %468 = add i32 %463, -1
  %469 = zext i32 %468 to i64
  %470 = load i32, ptr %348, align 4, !tbaa !27
  %471 = zext i32 %470 to i64
  %472 = mul nuw i64 %471, %469
  %473 = getelementptr inbounds nuw i8, ptr %467, i64 %472
  %474 = getelementptr inbounds nuw i8, ptr %361, i64 16
  %475 = lshr i32 %320, 3
  %476 = zext nneg i32 %475 to i64
  %477 = getelementptr inbounds nuw i8, ptr %474, i64 %476
  %478 = load i8, ptr %477, align 1, !tbaa !10
  %479 = zext i8 %478 to i32
  %480 = and i32 %320, 7
  %481 = xor i32 %480, 7
  %482 = lshr i32 %479, %481
  %483 = and i32 %482, 1
  %484 = zext nneg i32 %483 to i64
  %485 = getelementptr inbounds nuw i32, ptr %473, i64 %484
  store i32 %356, ptr %485, align 4, !tbaa !4
  store i32 %463, ptr %357, align 4, !tbaa !4
  br label %536

486:                                              ; preds = %459
  %487 = tail call fastcc i32 @lpm_node_alloc(ptr noundef nonnull %0) #14
  %488 = icmp eq i32 %487, 0
  br i1 %488, label %532, label %489

489:                                              ; preds = %486
  %490 = tail call fastcc i32 @lpm_new_node(ptr noundef nonnull %0, i32 noundef %320, ptr noundef nonnull readonly %321, ptr noundef readonly %2) #14
  %491 = icmp eq i32 %490, 0
  br i1 %491, label %492, label %503

492:                                              ; preds = %489
  %493 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %494 = load i32, ptr %493, align 4, !tbaa !64
  %495 = load i64, ptr %345, align 8, !tbaa !29
  %496 = getelementptr inbounds nuw i8, ptr %0, i64 %495
  %497 = add i32 %487, -1
  %498 = zext i32 %497 to i64
  %499 = load i32, ptr %348, align 4, !tbaa !27
  %500 = zext i32 %499 to i64
  %501 = mul nuw i64 %500, %498
  %502 = getelementptr inbounds nuw i8, ptr %496, i64 %501
  store i32 %494, ptr %502, align 4, !tbaa !4
  store i32 %487, ptr %493, align 4, !tbaa !64
  br label %532

503:                                              ; preds = %489
  %504 = load i64, ptr %345, align 8, !tbaa !29
  %505 = getelementptr inbounds nuw i8, ptr %0, i64 %504
  %506 = add i32 %487, -1
  %507 = zext i32 %506 to i64
  %508 = load i32, ptr %348, align 4, !tbaa !27
  %509 = zext i32 %508 to i64
  %510 = mul nuw i64 %509, %507
  %511 = getelementptr inbounds nuw i8, ptr %505, i64 %510
  %512 = getelementptr inbounds nuw i8, ptr %511, i64 8
  store i32 %398, ptr %512, align 4, !tbaa !4
  %513 = getelementptr inbounds nuw i8, ptr %511, i64 12
  store i32 0, ptr %513, align 4, !tbaa !4
  %514 = getelementptr inbounds nuw i8, ptr %511, i64 16
  %515 = getelementptr inbounds nuw i8, ptr %361, i64 16
  %516 = load i32, ptr %324, align 8, !tbaa !15
  %517 = add i32 %516, -4
  %518 = zext i32 %517 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %514, ptr nonnull readonly align 1 %515, i64 %518, i1 false)
  %519 = lshr i32 %398, 3
  %520 = zext nneg i32 %519 to i64
  %521 = getelementptr inbounds nuw i8, ptr %321, i64 %520
  %522 = load i8, ptr %521, align 1, !tbaa !10
  %523 = zext i8 %522 to i32
  %524 = and i32 %398, 7
  %525 = xor i32 %524, 7
  %526 = shl nuw nsw i32 1, %525
  %527 = and i32 %526, %523
  %528 = icmp eq i32 %527, 0
  %529 = select i1 %528, i32 %490, i32 %356
  %530 = select i1 %528, i32 %356, i32 %490
  store i32 %529, ptr %511, align 4, !tbaa !4
  %531 = getelementptr inbounds nuw i8, ptr %511, i64 4
  store i32 %530, ptr %531, align 4, !tbaa !4
  store i32 %487, ptr %357, align 4, !tbaa !4
  br label %536

532:                                              ; preds = %492, %486, %462, %448, %425
  %533 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %534 = load i32, ptr %533, align 4, !tbaa !65
  %535 = add i32 %534, -1
  store i32 %535, ptr %533, align 4, !tbaa !65
  br label %536

536:                                              ; preds = %532, %503, %465, %453, %451, %448, %440, %438, %436, %429, %419, %416
  %537 = phi i64 [ 0, %429 ], [ -12, %532 ], [ -17, %436 ], [ -2, %416 ], [ -2, %438 ], [ 0, %465 ], [ 0, %503 ], [ 0, %448 ], [ -28, %419 ], [ -28, %440 ], [ -28, %453 ], [ -2, %451 ]
  store atomic i32 0, ptr %330 release, align 8
  br label %624

538:                                              ; preds = %5, %5
  %539 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %540 = load i32, ptr %539, align 8, !tbaa !17
  %541 = add i32 %540, 1
  %542 = and i64 %3, 1
  %543 = icmp ne i64 %542, 0
  %544 = icmp ugt i64 %3, 2
  %545 = or i1 %544, %543
  br i1 %545, label %624, label %546

546:                                              ; preds = %538
  %547 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %548 = atomicrmw xchg ptr %547, i32 1 acquire, align 8
  %549 = icmp eq i32 %548, 0
  br i1 %549, label %557, label %550

550:                                              ; preds = %546, %553
  %551 = load atomic i32, ptr %547 monotonic, align 8
  %552 = icmp eq i32 %551, 0
  br i1 %552, label %554, label %553

553:                                              ; preds = %550, %554
  br label %550, !llvm.loop !47

554:                                              ; preds = %550
  %555 = atomicrmw xchg ptr %547, i32 1 acquire, align 8
  %556 = icmp eq i32 %555, 0
  br i1 %556, label %557, label %553

557:                                              ; preds = %554, %546
  %558 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %559 = load i32, ptr %558, align 4, !tbaa !45
  %560 = add i32 %559, 1
  %561 = icmp ult i32 %560, %541
  %562 = select i1 %561, i32 %560, i32 0
  %563 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %564 = load i32, ptr %563, align 8, !tbaa !46
  %565 = icmp eq i32 %562, %564
  br i1 %565, label %566, label %572

566:                                              ; preds = %557
  %567 = icmp eq i64 %3, 0
  br i1 %567, label %582, label %568

568:                                              ; preds = %566
  %569 = add i32 %562, 1
  %570 = icmp ult i32 %569, %541
  %571 = select i1 %570, i32 %569, i32 0
  store i32 %571, ptr %563, align 8, !tbaa !46
  br label %572

572:                                              ; preds = %568, %557
  %573 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %574 = load i64, ptr %573, align 8, !tbaa !25
  %575 = getelementptr inbounds nuw i8, ptr %0, i64 %574
  %576 = zext i32 %559 to i64
  %577 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %578 = load i32, ptr %577, align 4, !tbaa !16
  %579 = zext i32 %578 to i64
  %580 = mul nuw i64 %579, %576
  %581 = getelementptr inbounds nuw i8, ptr %575, i64 %580
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %581, ptr readonly align 1 %2, i64 %579, i1 false)
  store i32 %562, ptr %558, align 4, !tbaa !45
  br label %582

582:                                              ; preds = %572, %566
  %583 = phi i64 [ 0, %572 ], [ -7, %566 ]
  store atomic i32 0, ptr %547 release, align 8
  br label %624

584:                                              ; preds = %5
  %585 = icmp eq i64 %3, 0
  br i1 %585, label %586, label %624

586:                                              ; preds = %584
  %587 = getelementptr inbounds nuw i8, ptr %0, i64 100
  %588 = load i32, ptr %587, align 4, !tbaa !31
  %589 = icmp eq i32 %588, 0
  br i1 %589, label %624, label %590

590:                                              ; preds = %586
  %591 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %592 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %593 = getelementptr inbounds nuw i8, ptr %0, i64 104
  %594 = getelementptr inbounds nuw i8, ptr %0, i64 168
  br label %595

595:                                              ; preds = %607, %590
  %596 = phi i32 [ 0, %590 ], [ %620, %607 ]
  %597 = load i32, ptr %591, align 4, !tbaa !16
  %598 = load i32, ptr %592, align 4, !tbaa !38
  %599 = add i32 %598, %596
  %600 = and i32 %597, 3
  %601 = icmp eq i32 %600, 0
  br i1 %601, label %602, label %605

602:                                              ; preds = %595
  %603 = lshr exact i32 %597, 2
  %604 = tail call i32 @ebpy_jhash2(ptr noundef readonly %2, i32 noundef %603, i32 noundef %599) #14
  br label %607

605:                                              ; preds = %595
  %606 = tail call i32 @ebpy_jhash(ptr noundef readonly %2, i32 noundef %597, i32 noundef %599) #14
  br label %607

607:                                              ; preds = %605, %602
  %608 = phi i32 [ %604, %602 ], [ %606, %605 ]
  %609 = load i32, ptr %593, align 8, !tbaa !32
  %610 = and i32 %609, %608
  %611 = load i64, ptr %594, align 8, !tbaa !25
  %612 = getelementptr inbounds nuw i8, ptr %0, i64 %611
  %613 = lshr i32 %610, 6
  %614 = zext nneg i32 %613 to i64
  %615 = getelementptr inbounds nuw i64, ptr %612, i64 %614
  %616 = and i32 %610, 63
  %617 = zext nneg i32 %616 to i64
  %618 = shl nuw i64 1, %617
  %619 = atomicrmw or ptr %615, i64 %618 monotonic, align 8
  %620 = add nuw i32 %596, 1
  %621 = load i32, ptr %587, align 4, !tbaa !31
  %622 = icmp ult i32 %620, %621
  br i1 %622, label %595, label %624, !llvm.loop !68

623:                                              ; preds = %5
  br label %624

624:                                              ; preds = %607, %309, %287, %293, %299, %278, %274, %281, %586, %584, %582, %538, %536, %323, %319, %133, %128, %126, %122, %118, %108, %102, %92, %86, %80, %74, %71, %68, %62, %58, %48, %44, %43, %37, %24, %21, %17, %14, %12, %5, %623, %317, %315, %272
  %625 = phi i64 [ -22, %623 ], [ -524, %5 ], [ -22, %44 ], [ -22, %102 ], [ %273, %272 ], [ %316, %315 ], [ -22, %309 ], [ %318, %317 ], [ -22, %128 ], [ -22, %323 ], [ %583, %582 ], [ 0, %48 ], [ -22, %12 ], [ -7, %17 ], [ -17, %21 ], [ 0, %37 ], [ 0, %43 ], [ -22, %24 ], [ -22, %14 ], [ -7, %62 ], [ -22, %58 ], [ 0, %108 ], [ -22, %74 ], [ -22, %68 ], [ -22, %71 ], [ -22, %92 ], [ -22, %86 ], [ -22, %80 ], [ 0, %133 ], [ -22, %118 ], [ -7, %122 ], [ -17, %126 ], [ %537, %536 ], [ -22, %319 ], [ -22, %538 ], [ -22, %584 ], [ 0, %586 ], [ -22, %281 ], [ -22, %274 ], [ -22, %278 ], [ -22, %299 ], [ -22, %293 ], [ -22, %287 ], [ 0, %607 ]
  ret i64 %625
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define internal fastcc range(i64 -22, 1) i64 @htab_update(ptr noundef %0, ptr noundef readonly captures(none) %1, ptr noundef readonly captures(none) %2, i64 noundef %3, i32 noundef %4) unnamed_addr #6 {
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %7 = load i32, ptr %6, align 4, !tbaa !12
  %8 = add i32 %7, -9
  %9 = icmp ult i32 %8, 2
  %10 = icmp ugt i64 %3, 2
  br i1 %10, label %406, label %11

11:                                               ; preds = %5
  %12 = icmp eq i32 %7, 10
  %13 = add i32 %7, -5
  %14 = icmp ult i32 %13, 2
  %15 = or i1 %12, %14
  %16 = icmp ne i32 %4, -1
  %17 = and i1 %16, %15
  br i1 %17, label %18, label %22

18:                                               ; preds = %11
  %19 = getelementptr inbounds nuw i8, ptr %0, i64 24
  %20 = load i32, ptr %19, align 8, !tbaa !19
  %21 = icmp ult i32 %4, %20
  br i1 %21, label %26, label %406

22:                                               ; preds = %11
  %23 = icmp eq i32 %7, 25
  br i1 %23, label %24, label %26

24:                                               ; preds = %22
  %25 = load i32, ptr %1, align 1
  br label %38

26:                                               ; preds = %18, %22
  %27 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %28 = load i32, ptr %27, align 8, !tbaa !15
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %30 = load i32, ptr %29, align 4, !tbaa !38
  %31 = and i32 %28, 3
  %32 = icmp eq i32 %31, 0
  br i1 %32, label %33, label %36

33:                                               ; preds = %26
  %34 = lshr exact i32 %28, 2
  %35 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %34, i32 noundef %30) #14
  br label %38

36:                                               ; preds = %26
  %37 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %28, i32 noundef %30) #14
  br label %38

38:                                               ; preds = %24, %33, %36
  %39 = phi i32 [ %25, %24 ], [ %35, %33 ], [ %37, %36 ]
  %40 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %41 = atomicrmw xchg ptr %40, i32 1 acquire, align 8
  %42 = icmp eq i32 %41, 0
  br i1 %42, label %50, label %43

43:                                               ; preds = %38, %46
  %44 = load atomic i32, ptr %40 monotonic, align 8
  %45 = icmp eq i32 %44, 0
  br i1 %45, label %47, label %46

46:                                               ; preds = %43, %47
  br label %43, !llvm.loop !47

47:                                               ; preds = %43
  %48 = atomicrmw xchg ptr %40, i32 1 acquire, align 8
  %49 = icmp eq i32 %48, 0
  br i1 %49, label %50, label %46

50:                                               ; preds = %47, %38
  %51 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %52 = load i64, ptr %51, align 8, !tbaa !28
  %53 = getelementptr inbounds nuw i8, ptr %0, i64 %52
  %54 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %55 = load i32, ptr %54, align 8, !tbaa !26
  %56 = add i32 %55, -1
  %57 = and i32 %56, %39
  %58 = zext i32 %57 to i64
  %59 = getelementptr inbounds nuw i32, ptr %53, i64 %58
  %60 = load i32, ptr %59, align 4, !tbaa !4
  %61 = icmp eq i32 %60, 0
  br i1 %61, label %229, label %62

62:                                               ; preds = %50
  %63 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %64 = load i64, ptr %63, align 8, !tbaa !29
  %65 = getelementptr inbounds nuw i8, ptr %0, i64 %64
  %66 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %67 = load i32, ptr %66, align 4, !tbaa !27
  %68 = zext i32 %67 to i64
  %69 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %70 = getelementptr inbounds nuw i8, ptr %0, i64 8
  br label %71

71:                                               ; preds = %131, %62
  %72 = phi i32 [ %60, %62 ], [ %132, %131 ]
  %73 = phi ptr [ %59, %62 ], [ %77, %131 ]
  %74 = add i32 %72, -1
  %75 = zext i32 %74 to i64
  %76 = mul nuw i64 %75, %68
  %77 = getelementptr inbounds nuw i8, ptr %65, i64 %76
  %78 = getelementptr inbounds nuw i8, ptr %77, i64 4
  %79 = load i32, ptr %78, align 4, !tbaa !53
  %80 = icmp eq i32 %79, %39
  br i1 %80, label %81, label %131

81:                                               ; preds = %71
  %82 = load i64, ptr %69, align 8, !tbaa !30
  %83 = getelementptr inbounds nuw i8, ptr %0, i64 %82
  %84 = load i32, ptr %70, align 8, !tbaa !15
  %85 = zext i32 %84 to i64
  %86 = mul nuw i64 %85, %75
  %87 = getelementptr inbounds nuw i8, ptr %83, i64 %86
  %88 = icmp ugt i32 %84, 7
  br i1 %88, label %89, label %101

89:                                               ; preds = %81, %96
  %90 = phi i32 [ %99, %96 ], [ %84, %81 ]
  %91 = phi ptr [ %98, %96 ], [ %1, %81 ]
  %92 = phi ptr [ %97, %96 ], [ %87, %81 ]
  %93 = load i64, ptr %92, align 1
  %94 = load i64, ptr %91, align 1
  %95 = icmp eq i64 %93, %94
  br i1 %95, label %96, label %131

96:                                               ; preds = %89
  %97 = getelementptr inbounds nuw i8, ptr %92, i64 8
  %98 = getelementptr inbounds nuw i8, ptr %91, i64 8
  %99 = add i32 %90, -8
  %100 = icmp ugt i32 %99, 7
  br i1 %100, label %89, label %101, !llvm.loop !55

101:                                              ; preds = %96, %81
  %102 = phi ptr [ %87, %81 ], [ %97, %96 ]
  %103 = phi ptr [ %1, %81 ], [ %98, %96 ]
  %104 = phi i32 [ %84, %81 ], [ %99, %96 ]
  %105 = icmp samesign ugt i32 %104, 3
  br i1 %105, label %106, label %114

106:                                              ; preds = %101
  %107 = load i32, ptr %102, align 1
  %108 = load i32, ptr %103, align 1
  %109 = icmp eq i32 %107, %108
  br i1 %109, label %110, label %131

110:                                              ; preds = %106
  %111 = getelementptr inbounds nuw i8, ptr %102, i64 4
  %112 = getelementptr inbounds nuw i8, ptr %103, i64 4
  %113 = add nsw i32 %104, -4
  br label %114

114:                                              ; preds = %110, %101
  %115 = phi ptr [ %111, %110 ], [ %102, %101 ]
  %116 = phi ptr [ %112, %110 ], [ %103, %101 ]
  %117 = phi i32 [ %113, %110 ], [ %104, %101 ]
  %118 = icmp eq i32 %117, 0
  br i1 %118, label %134, label %119

119:                                              ; preds = %114, %126
  %120 = phi i32 [ %129, %126 ], [ %117, %114 ]
  %121 = phi ptr [ %128, %126 ], [ %116, %114 ]
  %122 = phi ptr [ %127, %126 ], [ %115, %114 ]
  %123 = load i8, ptr %122, align 1, !tbaa !10
  %124 = load i8, ptr %121, align 1, !tbaa !10
  %125 = icmp eq i8 %123, %124
  br i1 %125, label %126, label %131

126:                                              ; preds = %119
  %127 = getelementptr inbounds nuw i8, ptr %122, i64 1
  %128 = getelementptr inbounds nuw i8, ptr %121, i64 1
  %129 = add nsw i32 %120, -1
  %130 = icmp eq i32 %129, 0
  br i1 %130, label %134, label %119, !llvm.loop !56

131:                                              ; preds = %89, %119, %106, %71
  %132 = load i32, ptr %77, align 4, !tbaa !4
  %133 = icmp eq i32 %132, 0
  br i1 %133, label %229, label %71, !llvm.loop !57

134:                                              ; preds = %114, %126
  %135 = icmp eq i64 %3, 1
  br i1 %135, label %404, label %136

136:                                              ; preds = %134
  %137 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %138 = load i64, ptr %137, align 8, !tbaa !25
  %139 = getelementptr inbounds nuw i8, ptr %0, i64 %138
  %140 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %141 = load i32, ptr %140, align 8, !tbaa !24
  %142 = zext i32 %141 to i64
  %143 = mul nuw i64 %142, %75
  %144 = getelementptr inbounds nuw i8, ptr %139, i64 %143
  %145 = load i32, ptr %6, align 4, !tbaa !12
  switch i32 %145, label %146 [
    i32 10, label %150
    i32 6, label %150
    i32 5, label %150
  ]

146:                                              ; preds = %136
  %147 = getelementptr inbounds nuw i8, ptr %0, i64 32
  %148 = load i32, ptr %147, align 8, !tbaa !22
  %149 = zext i32 %148 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %144, ptr readonly align 1 %2, i64 %149, i1 false)
  br label %163

150:                                              ; preds = %136, %136, %136
  %151 = icmp eq i32 %4, -1
  br i1 %151, label %152, label %153

152:                                              ; preds = %150
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %144, ptr readonly align 1 %2, i64 %142, i1 false)
  br label %163

153:                                              ; preds = %150
  %154 = zext i32 %4 to i64
  %155 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %156 = load i32, ptr %155, align 4, !tbaa !23
  %157 = zext i32 %156 to i64
  %158 = mul nuw i64 %157, %154
  %159 = getelementptr inbounds nuw i8, ptr %144, i64 %158
  %160 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %161 = load i32, ptr %160, align 4, !tbaa !16
  %162 = zext i32 %161 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %159, ptr readonly align 1 %2, i64 %162, i1 false)
  br label %163

163:                                              ; preds = %146, %152, %153
  switch i32 %7, label %164 [
    i32 10, label %184
    i32 6, label %184
    i32 5, label %184
  ]

164:                                              ; preds = %163
  %165 = load i64, ptr %63, align 8, !tbaa !29
  %166 = getelementptr inbounds nuw i8, ptr %0, i64 %165
  %167 = load i32, ptr %66, align 4, !tbaa !27
  %168 = zext i32 %167 to i64
  %169 = mul nuw i64 %168, %75
  %170 = getelementptr inbounds nuw i8, ptr %166, i64 %169
  %171 = load i32, ptr %170, align 4, !tbaa !63
  store i32 %171, ptr %73, align 4, !tbaa !4
  %172 = load i64, ptr %51, align 8, !tbaa !28
  %173 = getelementptr inbounds nuw i8, ptr %0, i64 %172
  %174 = load i32, ptr %54, align 8, !tbaa !26
  %175 = add i32 %174, -1
  %176 = and i32 %175, %39
  %177 = zext i32 %176 to i64
  %178 = getelementptr inbounds nuw i32, ptr %173, i64 %177
  %179 = load i32, ptr %178, align 4, !tbaa !4
  %180 = load i32, ptr %66, align 4, !tbaa !27
  %181 = zext i32 %180 to i64
  %182 = mul nuw i64 %181, %75
  %183 = getelementptr inbounds nuw i8, ptr %166, i64 %182
  store i32 %179, ptr %183, align 4, !tbaa !63
  store i32 %72, ptr %178, align 4, !tbaa !4
  br label %184

184:                                              ; preds = %163, %163, %163, %164
  br i1 %9, label %185, label %404

185:                                              ; preds = %184
  %186 = getelementptr inbounds nuw i8, ptr %0, i64 72
  %187 = load i32, ptr %186, align 8, !tbaa !58
  %188 = icmp eq i32 %187, %72
  br i1 %188, label %404, label %189

189:                                              ; preds = %185
  %190 = load i64, ptr %63, align 8, !tbaa !29
  %191 = getelementptr inbounds nuw i8, ptr %0, i64 %190
  %192 = load i32, ptr %66, align 4, !tbaa !27
  %193 = zext i32 %192 to i64
  %194 = mul nuw i64 %193, %75
  %195 = getelementptr inbounds nuw i8, ptr %191, i64 %194
  %196 = getelementptr inbounds nuw i8, ptr %195, i64 8
  %197 = load i32, ptr %196, align 4, !tbaa !59
  %198 = icmp eq i32 %197, 0
  %199 = getelementptr inbounds nuw i8, ptr %195, i64 12
  %200 = load i32, ptr %199, align 4, !tbaa !60
  br i1 %198, label %207, label %201

201:                                              ; preds = %189
  %202 = add i32 %197, -1
  %203 = zext i32 %202 to i64
  %204 = mul nuw i64 %203, %193
  %205 = getelementptr inbounds nuw i8, ptr %191, i64 %204
  %206 = getelementptr inbounds nuw i8, ptr %205, i64 12
  store i32 %200, ptr %206, align 4, !tbaa !60
  br label %207

207:                                              ; preds = %201, %189
  %208 = phi i32 [ %187, %201 ], [ %200, %189 ]
  %209 = icmp eq i32 %200, 0
  br i1 %209, label %216, label %210

210:                                              ; preds = %207
  %211 = add i32 %200, -1
  %212 = zext i32 %211 to i64
  %213 = mul nuw i64 %212, %193
  %214 = getelementptr inbounds nuw i8, ptr %191, i64 %213
  %215 = getelementptr inbounds nuw i8, ptr %214, i64 8
  store i32 %197, ptr %215, align 4, !tbaa !59
  br label %218

216:                                              ; preds = %207
  %217 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %197, ptr %217, align 4, !tbaa !61
  br label %218

218:                                              ; preds = %216, %210
  store i32 0, ptr %196, align 4, !tbaa !59
  store i32 %208, ptr %199, align 4, !tbaa !60
  %219 = icmp eq i32 %208, 0
  br i1 %219, label %226, label %220

220:                                              ; preds = %218
  %221 = add i32 %208, -1
  %222 = zext i32 %221 to i64
  %223 = mul nuw i64 %222, %193
  %224 = getelementptr inbounds nuw i8, ptr %191, i64 %223
  %225 = getelementptr inbounds nuw i8, ptr %224, i64 8
  store i32 %72, ptr %225, align 4, !tbaa !59
  br label %228

226:                                              ; preds = %218
  %227 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %72, ptr %227, align 4, !tbaa !61
  br label %228

228:                                              ; preds = %226, %220
  store i32 %72, ptr %186, align 8, !tbaa !58
  br label %404

229:                                              ; preds = %131, %50
  %230 = icmp eq i64 %3, 2
  br i1 %230, label %404, label %231

231:                                              ; preds = %229
  %232 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %233 = load i32, ptr %232, align 4, !tbaa !64
  %234 = icmp eq i32 %233, 0
  br i1 %234, label %247, label %235

235:                                              ; preds = %231
  %236 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %237 = load i64, ptr %236, align 8, !tbaa !29
  %238 = getelementptr inbounds nuw i8, ptr %0, i64 %237
  %239 = add i32 %233, -1
  %240 = zext i32 %239 to i64
  %241 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %242 = load i32, ptr %241, align 4, !tbaa !27
  %243 = zext i32 %242 to i64
  %244 = mul nuw i64 %243, %240
  %245 = getelementptr inbounds nuw i8, ptr %238, i64 %244
  %246 = load i32, ptr %245, align 4, !tbaa !63
  store i32 %246, ptr %232, align 4, !tbaa !64
  br label %320

247:                                              ; preds = %231
  %248 = getelementptr inbounds nuw i8, ptr %0, i64 64
  %249 = load i32, ptr %248, align 8, !tbaa !69
  %250 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %251 = load i32, ptr %250, align 8, !tbaa !17
  %252 = icmp ult i32 %249, %251
  br i1 %252, label %253, label %258

253:                                              ; preds = %247
  %254 = add nuw i32 %249, 1
  store i32 %254, ptr %248, align 8, !tbaa !69
  %255 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %256 = load i64, ptr %255, align 8, !tbaa !29
  %257 = zext i32 %249 to i64
  br label %320

258:                                              ; preds = %247
  br i1 %9, label %259, label %404

259:                                              ; preds = %258
  %260 = getelementptr inbounds nuw i8, ptr %0, i64 76
  %261 = load i32, ptr %260, align 4, !tbaa !61
  %262 = icmp eq i32 %261, 0
  br i1 %262, label %404, label %263

263:                                              ; preds = %259
  %264 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %265 = load i64, ptr %264, align 8, !tbaa !29
  %266 = getelementptr inbounds nuw i8, ptr %0, i64 %265
  %267 = add i32 %261, -1
  %268 = zext i32 %267 to i64
  %269 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %270 = load i32, ptr %269, align 4, !tbaa !27
  %271 = zext i32 %270 to i64
  %272 = mul nuw i64 %271, %268
  %273 = getelementptr inbounds nuw i8, ptr %266, i64 %272
  %274 = getelementptr inbounds nuw i8, ptr %273, i64 8
  %275 = load i32, ptr %274, align 4, !tbaa !59
  %276 = icmp eq i32 %275, 0
  %277 = getelementptr inbounds nuw i8, ptr %273, i64 12
  %278 = load i32, ptr %277, align 4, !tbaa !60
  br i1 %276, label %285, label %279

279:                                              ; preds = %263
  %280 = add i32 %275, -1
  %281 = zext i32 %280 to i64
  %282 = mul nuw i64 %281, %271
  %283 = getelementptr inbounds nuw i8, ptr %266, i64 %282
  %284 = getelementptr inbounds nuw i8, ptr %283, i64 12
  store i32 %278, ptr %284, align 4, !tbaa !60
  br label %287

285:                                              ; preds = %263
  %286 = getelementptr inbounds nuw i8, ptr %0, i64 72
  store i32 %278, ptr %286, align 8, !tbaa !58
  br label %287

287:                                              ; preds = %285, %279
  %288 = icmp eq i32 %278, 0
  br i1 %288, label %295, label %289

289:                                              ; preds = %287
  %290 = add i32 %278, -1
  %291 = zext i32 %290 to i64
  %292 = mul nuw i64 %291, %271
  %293 = getelementptr inbounds nuw i8, ptr %266, i64 %292
  %294 = getelementptr inbounds nuw i8, ptr %293, i64 8
  store i32 %275, ptr %294, align 4, !tbaa !59
  br label %296

295:                                              ; preds = %287
  store i32 %275, ptr %260, align 4, !tbaa !61
  br label %296

296:                                              ; preds = %295, %289
  store i32 0, ptr %274, align 4, !tbaa !59
  store i32 0, ptr %277, align 4, !tbaa !60
  %297 = getelementptr inbounds nuw i8, ptr %273, i64 4
  %298 = load i32, ptr %297, align 4, !tbaa !53
  %299 = and i32 %298, %56
  %300 = zext i32 %299 to i64
  %301 = getelementptr inbounds nuw i32, ptr %53, i64 %300
  %302 = load i32, ptr %301, align 4, !tbaa !4
  %303 = icmp eq i32 %302, %261
  br i1 %303, label %314, label %304

304:                                              ; preds = %296, %304
  %305 = phi i32 [ %310, %304 ], [ %302, %296 ]
  %306 = add i32 %305, -1
  %307 = zext i32 %306 to i64
  %308 = mul nuw i64 %307, %271
  %309 = getelementptr inbounds nuw i8, ptr %266, i64 %308
  %310 = load i32, ptr %309, align 4, !tbaa !4
  %311 = icmp eq i32 %310, %261
  br i1 %311, label %312, label %304, !llvm.loop !70

312:                                              ; preds = %304
  %313 = getelementptr inbounds nuw i8, ptr %266, i64 %308
  br label %314

314:                                              ; preds = %312, %296
  %315 = phi ptr [ %301, %296 ], [ %313, %312 ]
  %316 = load i32, ptr %273, align 4, !tbaa !63
  store i32 %316, ptr %315, align 4, !tbaa !4
  %317 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %318 = load i32, ptr %317, align 4, !tbaa !65
  %319 = add i32 %318, -1
  store i32 %319, ptr %317, align 4, !tbaa !65
  br label %320

320:                                              ; preds = %253, %235, %314
  %321 = phi i64 [ %257, %253 ], [ %240, %235 ], [ %268, %314 ]
  %322 = phi i64 [ %256, %253 ], [ %237, %235 ], [ %265, %314 ]
  %323 = phi i32 [ %254, %253 ], [ %233, %235 ], [ %261, %314 ]
  %324 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %325 = getelementptr inbounds nuw i8, ptr %0, i64 %322
  %326 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %327 = load i32, ptr %326, align 4, !tbaa !27
  %328 = zext i32 %327 to i64
  %329 = mul nuw i64 %321, %328
  %330 = getelementptr inbounds nuw i8, ptr %325, i64 %329
  %331 = getelementptr inbounds nuw i8, ptr %330, i64 4
  store i32 %39, ptr %331, align 4, !tbaa !53
  %332 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %333 = load i64, ptr %332, align 8, !tbaa !30
  %334 = getelementptr inbounds nuw i8, ptr %0, i64 %333
  %335 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %336 = load i32, ptr %335, align 8, !tbaa !15
  %337 = zext i32 %336 to i64
  %338 = mul nuw i64 %321, %337
  %339 = getelementptr inbounds nuw i8, ptr %334, i64 %338
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %339, ptr readonly align 1 %1, i64 %337, i1 false)
  %340 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %341 = load i64, ptr %340, align 8, !tbaa !25
  %342 = getelementptr inbounds nuw i8, ptr %0, i64 %341
  %343 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %344 = load i32, ptr %343, align 8, !tbaa !24
  %345 = zext i32 %344 to i64
  %346 = mul nuw i64 %321, %345
  %347 = getelementptr inbounds nuw i8, ptr %342, i64 %346
  %348 = load i32, ptr %6, align 4, !tbaa !12
  switch i32 %348, label %349 [
    i32 10, label %353
    i32 6, label %353
    i32 5, label %353
  ]

349:                                              ; preds = %320
  %350 = getelementptr inbounds nuw i8, ptr %0, i64 32
  %351 = load i32, ptr %350, align 8, !tbaa !22
  %352 = zext i32 %351 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %347, ptr readonly align 1 %2, i64 %352, i1 false)
  br label %366

353:                                              ; preds = %320, %320, %320
  %354 = icmp eq i32 %4, -1
  br i1 %354, label %355, label %356

355:                                              ; preds = %353
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %347, ptr readonly align 1 %2, i64 %345, i1 false)
  br label %366

356:                                              ; preds = %353
  tail call void @llvm.memset.p0.i64(ptr nonnull align 1 %347, i8 0, i64 %345, i1 false)
  %357 = zext i32 %4 to i64
  %358 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %359 = load i32, ptr %358, align 4, !tbaa !23
  %360 = zext i32 %359 to i64
  %361 = mul nuw i64 %360, %357
  %362 = getelementptr inbounds nuw i8, ptr %347, i64 %361
  %363 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %364 = load i32, ptr %363, align 4, !tbaa !16
  %365 = zext i32 %364 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %362, ptr readonly align 1 %2, i64 %365, i1 false)
  br label %366

366:                                              ; preds = %349, %355, %356
  %367 = load i64, ptr %51, align 8, !tbaa !28
  %368 = getelementptr inbounds nuw i8, ptr %0, i64 %367
  %369 = load i32, ptr %54, align 8, !tbaa !26
  %370 = add i32 %369, -1
  %371 = and i32 %370, %39
  %372 = zext i32 %371 to i64
  %373 = getelementptr inbounds nuw i32, ptr %368, i64 %372
  %374 = load i32, ptr %373, align 4, !tbaa !4
  %375 = load i64, ptr %324, align 8, !tbaa !29
  %376 = getelementptr inbounds nuw i8, ptr %0, i64 %375
  %377 = load i32, ptr %326, align 4, !tbaa !27
  %378 = zext i32 %377 to i64
  %379 = mul nuw i64 %321, %378
  %380 = getelementptr inbounds nuw i8, ptr %376, i64 %379
  store i32 %374, ptr %380, align 4, !tbaa !63
  store i32 %323, ptr %373, align 4, !tbaa !4
  br i1 %9, label %381, label %400

381:                                              ; preds = %366
  %382 = load i32, ptr %326, align 4, !tbaa !27
  %383 = zext i32 %382 to i64
  %384 = mul nuw i64 %321, %383
  %385 = getelementptr inbounds nuw i8, ptr %376, i64 %384
  %386 = getelementptr inbounds nuw i8, ptr %385, i64 8
  store i32 0, ptr %386, align 4, !tbaa !59
  %387 = getelementptr inbounds nuw i8, ptr %0, i64 72
  %388 = load i32, ptr %387, align 8, !tbaa !58
  %389 = getelementptr inbounds nuw i8, ptr %385, i64 12
  store i32 %388, ptr %389, align 4, !tbaa !60
  %390 = icmp eq i32 %388, 0
  br i1 %390, label %397, label %391

391:                                              ; preds = %381
  %392 = add i32 %388, -1
  %393 = zext i32 %392 to i64
  %394 = mul nuw i64 %393, %383
  %395 = getelementptr inbounds nuw i8, ptr %376, i64 %394
  %396 = getelementptr inbounds nuw i8, ptr %395, i64 8
  store i32 %323, ptr %396, align 4, !tbaa !59
  br label %399

397:                                              ; preds = %381
  %398 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %323, ptr %398, align 4, !tbaa !61
  br label %399

399:                                              ; preds = %391, %397
  store i32 %323, ptr %387, align 8, !tbaa !58
  br label %400

400:                                              ; preds = %399, %366
  %401 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %402 = load i32, ptr %401, align 4, !tbaa !65
  %403 = add i32 %402, 1
  store i32 %403, ptr %401, align 4, !tbaa !65
  br label %404

404:                                              ; preds = %259, %258, %228, %185, %229, %134, %184, %400
  %405 = phi i64 [ -2, %229 ], [ 0, %228 ], [ 0, %184 ], [ -17, %134 ], [ 0, %400 ], [ 0, %185 ], [ -7, %258 ], [ -7, %259 ]
  store atomic i32 0, ptr %40 release, align 8
  br label %406

406:                                              ; preds = %18, %5, %404
  %407 = phi i64 [ %405, %404 ], [ -22, %5 ], [ -22, %18 ]
  ret i64 %407
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -524, 1) i64 @ebpy_map_delete(ptr noundef %0, ptr noundef readonly captures(none) %1) local_unnamed_addr #6 {
  %3 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %4 = load i32, ptr %3, align 4, !tbaa !12
  switch i32 %4, label %375 [
    i32 27, label %374
    i32 30, label %376
    i32 3, label %5
    i32 12, label %5
    i32 14, label %23
    i32 11, label %194
    i32 25, label %41
    i32 1, label %43
    i32 5, label %43
    i32 9, label %43
    i32 10, label %43
    i32 13, label %43
  ]

5:                                                ; preds = %2, %2
  %6 = load i32, ptr %1, align 1
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %8 = load i32, ptr %7, align 8, !tbaa !17
  %9 = icmp ult i32 %6, %8
  br i1 %9, label %10, label %376

10:                                               ; preds = %5
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %12 = load i64, ptr %11, align 8, !tbaa !25
  %13 = getelementptr inbounds nuw i8, ptr %0, i64 %12
  %14 = zext i32 %6 to i64
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %16 = load i32, ptr %15, align 8, !tbaa !24
  %17 = zext i32 %16 to i64
  %18 = mul nuw i64 %17, %14
  %19 = getelementptr inbounds nuw i8, ptr %13, i64 %18
  %20 = atomicrmw xchg ptr %19, i64 0 acq_rel, align 8
  %21 = icmp eq i64 %20, 0
  %22 = select i1 %21, i64 -2, i64 0
  br label %376

23:                                               ; preds = %2
  %24 = load i32, ptr %1, align 1
  %25 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %26 = load i32, ptr %25, align 8, !tbaa !17
  %27 = icmp ult i32 %24, %26
  br i1 %27, label %28, label %376

28:                                               ; preds = %23
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %30 = load i64, ptr %29, align 8, !tbaa !25
  %31 = getelementptr inbounds nuw i8, ptr %0, i64 %30
  %32 = zext i32 %24 to i64
  %33 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %34 = load i32, ptr %33, align 8, !tbaa !24
  %35 = zext i32 %34 to i64
  %36 = mul nuw i64 %35, %32
  %37 = getelementptr inbounds nuw i8, ptr %31, i64 %36
  %38 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %39 = load i32, ptr %38, align 4, !tbaa !16
  %40 = zext i32 %39 to i64
  tail call void @llvm.memset.p0.i64(ptr align 1 %37, i8 0, i64 %40, i1 false)
  br label %376

41:                                               ; preds = %2
  %42 = load i32, ptr %1, align 1
  br label %55

43:                                               ; preds = %2, %2, %2, %2, %2
  %44 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %45 = load i32, ptr %44, align 8, !tbaa !15
  %46 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %47 = load i32, ptr %46, align 4, !tbaa !38
  %48 = and i32 %45, 3
  %49 = icmp eq i32 %48, 0
  br i1 %49, label %50, label %53

50:                                               ; preds = %43
  %51 = lshr exact i32 %45, 2
  %52 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %51, i32 noundef %47) #14
  br label %55

53:                                               ; preds = %43
  %54 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %45, i32 noundef %47) #14
  br label %55

55:                                               ; preds = %53, %50, %41
  %56 = phi i32 [ %42, %41 ], [ %52, %50 ], [ %54, %53 ]
  %57 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %58 = atomicrmw xchg ptr %57, i32 1 acquire, align 8
  %59 = icmp eq i32 %58, 0
  br i1 %59, label %67, label %60

60:                                               ; preds = %55, %63
  %61 = load atomic i32, ptr %57 monotonic, align 8
  %62 = icmp eq i32 %61, 0
  br i1 %62, label %64, label %63

63:                                               ; preds = %60, %64
  br label %60, !llvm.loop !47

64:                                               ; preds = %60
  %65 = atomicrmw xchg ptr %57, i32 1 acquire, align 8
  %66 = icmp eq i32 %65, 0
  br i1 %66, label %67, label %63

67:                                               ; preds = %64, %55
  %68 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %69 = load i64, ptr %68, align 8, !tbaa !28
  %70 = getelementptr inbounds nuw i8, ptr %0, i64 %69
  %71 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %72 = load i32, ptr %71, align 8, !tbaa !26
  %73 = add i32 %72, -1
  %74 = and i32 %73, %56
  %75 = zext i32 %74 to i64
  %76 = getelementptr inbounds nuw i32, ptr %70, i64 %75
  %77 = load i32, ptr %76, align 4, !tbaa !4
  %78 = icmp eq i32 %77, 0
  br i1 %78, label %192, label %79

79:                                               ; preds = %67
  %80 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %81 = load i64, ptr %80, align 8, !tbaa !29
  %82 = getelementptr inbounds nuw i8, ptr %0, i64 %81
  %83 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %84 = load i32, ptr %83, align 4, !tbaa !27
  %85 = zext i32 %84 to i64
  %86 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %87 = getelementptr inbounds nuw i8, ptr %0, i64 8
  br label %88

88:                                               ; preds = %148, %79
  %89 = phi i32 [ %77, %79 ], [ %149, %148 ]
  %90 = phi ptr [ %76, %79 ], [ %94, %148 ]
  %91 = add i32 %89, -1
  %92 = zext i32 %91 to i64
  %93 = mul nuw i64 %92, %85
  %94 = getelementptr inbounds nuw i8, ptr %82, i64 %93
  %95 = getelementptr inbounds nuw i8, ptr %94, i64 4
  %96 = load i32, ptr %95, align 4, !tbaa !53
  %97 = icmp eq i32 %96, %56
  br i1 %97, label %98, label %148

98:                                               ; preds = %88
  %99 = load i64, ptr %86, align 8, !tbaa !30
  %100 = getelementptr inbounds nuw i8, ptr %0, i64 %99
  %101 = load i32, ptr %87, align 8, !tbaa !15
  %102 = zext i32 %101 to i64
  %103 = mul nuw i64 %102, %92
  %104 = getelementptr inbounds nuw i8, ptr %100, i64 %103
  %105 = icmp ugt i32 %101, 7
  br i1 %105, label %106, label %118

106:                                              ; preds = %98, %113
  %107 = phi i32 [ %116, %113 ], [ %101, %98 ]
  %108 = phi ptr [ %115, %113 ], [ %1, %98 ]
  %109 = phi ptr [ %114, %113 ], [ %104, %98 ]
  %110 = load i64, ptr %109, align 1
  %111 = load i64, ptr %108, align 1
  %112 = icmp eq i64 %110, %111
  br i1 %112, label %113, label %148

113:                                              ; preds = %106
  %114 = getelementptr inbounds nuw i8, ptr %109, i64 8
  %115 = getelementptr inbounds nuw i8, ptr %108, i64 8
  %116 = add i32 %107, -8
  %117 = icmp ugt i32 %116, 7
  br i1 %117, label %106, label %118, !llvm.loop !55

118:                                              ; preds = %113, %98
  %119 = phi ptr [ %104, %98 ], [ %114, %113 ]
  %120 = phi ptr [ %1, %98 ], [ %115, %113 ]
  %121 = phi i32 [ %101, %98 ], [ %116, %113 ]
  %122 = icmp samesign ugt i32 %121, 3
  br i1 %122, label %123, label %131

123:                                              ; preds = %118
  %124 = load i32, ptr %119, align 1
  %125 = load i32, ptr %120, align 1
  %126 = icmp eq i32 %124, %125
  br i1 %126, label %127, label %148

127:                                              ; preds = %123
  %128 = getelementptr inbounds nuw i8, ptr %119, i64 4
  %129 = getelementptr inbounds nuw i8, ptr %120, i64 4
  %130 = add nsw i32 %121, -4
  br label %131

131:                                              ; preds = %127, %118
  %132 = phi ptr [ %128, %127 ], [ %119, %118 ]
  %133 = phi ptr [ %129, %127 ], [ %120, %118 ]
  %134 = phi i32 [ %130, %127 ], [ %121, %118 ]
  %135 = icmp eq i32 %134, 0
  br i1 %135, label %151, label %136

136:                                              ; preds = %131, %143
  %137 = phi i32 [ %146, %143 ], [ %134, %131 ]
  %138 = phi ptr [ %145, %143 ], [ %133, %131 ]
  %139 = phi ptr [ %144, %143 ], [ %132, %131 ]
  %140 = load i8, ptr %139, align 1, !tbaa !10
  %141 = load i8, ptr %138, align 1, !tbaa !10
  %142 = icmp eq i8 %140, %141
  br i1 %142, label %143, label %148

143:                                              ; preds = %136
  %144 = getelementptr inbounds nuw i8, ptr %139, i64 1
  %145 = getelementptr inbounds nuw i8, ptr %138, i64 1
  %146 = add nsw i32 %137, -1
  %147 = icmp eq i32 %146, 0
  br i1 %147, label %151, label %136, !llvm.loop !56

148:                                              ; preds = %106, %136, %123, %88
  %149 = load i32, ptr %94, align 4, !tbaa !4
  %150 = icmp eq i32 %149, 0
  br i1 %150, label %192, label %88, !llvm.loop !57

151:                                              ; preds = %131, %143
  %152 = load i32, ptr %94, align 4, !tbaa !63
  store i32 %152, ptr %90, align 4, !tbaa !4
  %153 = load i32, ptr %3, align 4, !tbaa !12
  %154 = add i32 %153, -11
  %155 = icmp ult i32 %154, -2
  %156 = load i32, ptr %83, align 4, !tbaa !27
  %157 = zext i32 %156 to i64
  %158 = mul nuw i64 %157, %92
  br i1 %155, label %185, label %159

159:                                              ; preds = %151
  %160 = getelementptr inbounds nuw i8, ptr %82, i64 %158
  %161 = getelementptr inbounds nuw i8, ptr %160, i64 8
  %162 = load i32, ptr %161, align 4, !tbaa !59
  %163 = icmp eq i32 %162, 0
  %164 = getelementptr inbounds nuw i8, ptr %160, i64 12
  %165 = load i32, ptr %164, align 4, !tbaa !60
  br i1 %163, label %172, label %166

166:                                              ; preds = %159
  %167 = add i32 %162, -1
  %168 = zext i32 %167 to i64
  %169 = mul nuw i64 %168, %157
  %170 = getelementptr inbounds nuw i8, ptr %82, i64 %169
  %171 = getelementptr inbounds nuw i8, ptr %170, i64 12
  store i32 %165, ptr %171, align 4, !tbaa !60
  br label %174

172:                                              ; preds = %159
  %173 = getelementptr inbounds nuw i8, ptr %0, i64 72
  store i32 %165, ptr %173, align 8, !tbaa !58
  br label %174

174:                                              ; preds = %172, %166
  %175 = icmp eq i32 %165, 0
  br i1 %175, label %182, label %176

176:                                              ; preds = %174
  %177 = add i32 %165, -1
  %178 = zext i32 %177 to i64
  %179 = mul nuw i64 %178, %157
  %180 = getelementptr inbounds nuw i8, ptr %82, i64 %179
  %181 = getelementptr inbounds nuw i8, ptr %180, i64 8
  store i32 %162, ptr %181, align 4, !tbaa !59
  br label %184

182:                                              ; preds = %174
  %183 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 %162, ptr %183, align 4, !tbaa !61
  br label %184

184:                                              ; preds = %182, %176
  store i32 0, ptr %161, align 4, !tbaa !59
  store i32 0, ptr %164, align 4, !tbaa !60
  br label %185

185:                                              ; preds = %184, %151
  %186 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %187 = load i32, ptr %186, align 4, !tbaa !64
  %188 = getelementptr inbounds nuw i8, ptr %82, i64 %158
  store i32 %187, ptr %188, align 4, !tbaa !63
  store i32 %89, ptr %186, align 4, !tbaa !64
  %189 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %190 = load i32, ptr %189, align 4, !tbaa !65
  %191 = add i32 %190, -1
  store i32 %191, ptr %189, align 4, !tbaa !65
  br label %192

192:                                              ; preds = %148, %67, %185
  %193 = phi i64 [ 0, %185 ], [ -2, %67 ], [ -2, %148 ]
  store atomic i32 0, ptr %57 release, align 8
  br label %376

194:                                              ; preds = %2
  %195 = load i32, ptr %1, align 1
  %196 = getelementptr inbounds nuw i8, ptr %1, i64 4
  %197 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %198 = load i32, ptr %197, align 8, !tbaa !15
  %199 = shl i32 %198, 3
  %200 = add i32 %199, -32
  %201 = icmp ugt i32 %195, %200
  br i1 %201, label %376, label %202

202:                                              ; preds = %194
  %203 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %204 = atomicrmw xchg ptr %203, i32 1 acquire, align 8
  %205 = icmp eq i32 %204, 0
  br i1 %205, label %213, label %206

206:                                              ; preds = %202, %209
  %207 = load atomic i32, ptr %203 monotonic, align 8
  %208 = icmp eq i32 %207, 0
  br i1 %208, label %210, label %209

209:                                              ; preds = %206, %210
  br label %206, !llvm.loop !47

210:                                              ; preds = %206
  %211 = atomicrmw xchg ptr %203, i32 1 acquire, align 8
  %212 = icmp eq i32 %211, 0
  br i1 %212, label %213, label %209

213:                                              ; preds = %210, %202
  %214 = getelementptr inbounds nuw i8, ptr %0, i64 80
  %215 = load i32, ptr %214, align 4, !tbaa !4
  %216 = icmp eq i32 %215, 0
  br i1 %216, label %372, label %217

217:                                              ; preds = %213
  %218 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %219 = load i64, ptr %218, align 8, !tbaa !29
  %220 = getelementptr inbounds nuw i8, ptr %0, i64 %219
  %221 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %222 = load i32, ptr %221, align 4, !tbaa !27
  %223 = zext i32 %222 to i64
  %224 = load i32, ptr %197, align 8, !tbaa !15
  %225 = add i32 %224, -4
  %226 = icmp ne i32 %225, 0
  %227 = zext i32 %225 to i64
  br label %228

228:                                              ; preds = %277, %217
  %229 = phi i32 [ %215, %217 ], [ %289, %277 ]
  %230 = phi i32 [ 0, %217 ], [ %229, %277 ]
  %231 = phi ptr [ %214, %217 ], [ %232, %277 ]
  %232 = phi ptr [ %214, %217 ], [ %288, %277 ]
  %233 = add i32 %229, -1
  %234 = zext i32 %233 to i64
  %235 = mul nuw i64 %234, %223
  %236 = getelementptr inbounds nuw i8, ptr %220, i64 %235
  %237 = getelementptr inbounds nuw i8, ptr %236, i64 8
  %238 = load i32, ptr %237, align 4, !tbaa !4
  %239 = tail call noundef i32 @llvm.umin.i32(i32 %238, i32 %195)
  %240 = icmp ne i32 %239, 0
  %241 = and i1 %226, %240
  br i1 %241, label %242, label %272

242:                                              ; preds = %228
  %243 = getelementptr inbounds nuw i8, ptr %236, i64 16
  %244 = load i8, ptr %243, align 1, !tbaa !10
  %245 = load i8, ptr %196, align 1, !tbaa !10
  %246 = icmp eq i8 %244, %245
  br i1 %246, label %247, label %263

247:                                              ; preds = %242, %255
  %248 = phi i64 [ %249, %255 ], [ 0, %242 ]
  %249 = add nuw nsw i64 %248, 1
  %250 = icmp samesign ult i64 %249, %227
  %251 = trunc nuw i64 %249 to i32
  %252 = shl i32 %251, 3
  %253 = icmp ult i32 %252, %239
  %254 = and i1 %250, %253
  br i1 %254, label %255, label %272, !llvm.loop !66

255:                                              ; preds = %247
  %256 = getelementptr inbounds nuw i8, ptr %243, i64 %249
  %257 = load i8, ptr %256, align 1, !tbaa !10
  %258 = getelementptr inbounds nuw i8, ptr %196, i64 %249
  %259 = load i8, ptr %258, align 1, !tbaa !10
  %260 = icmp eq i8 %257, %259
  br i1 %260, label %247, label %261, !llvm.loop !66

261:                                              ; preds = %255
  %262 = add i32 %252, -24
  br label %263

263:                                              ; preds = %261, %242
  %264 = phi i32 [ -24, %242 ], [ %262, %261 ]
  %265 = phi i8 [ %244, %242 ], [ %257, %261 ]
  %266 = phi i8 [ %245, %242 ], [ %259, %261 ]
  %267 = xor i8 %266, %265
  %268 = zext i8 %267 to i32
  %269 = tail call range(i32 24, 33) i32 @llvm.ctlz.i32(i32 %268, i1 true)
  %270 = add i32 %269, %264
  %271 = tail call noundef i32 @llvm.umin.i32(i32 %270, i32 %239)
  br label %272

272:                                              ; preds = %247, %263, %228
  %273 = phi i32 [ %271, %263 ], [ %239, %228 ], [ %239, %247 ]
  %274 = icmp ne i32 %238, %273
  %275 = icmp eq i32 %238, %195
  %276 = or i1 %275, %274
  br i1 %276, label %291, label %277

277:                                              ; preds = %272
  %278 = lshr i32 %238, 3
  %279 = zext nneg i32 %278 to i64
  %280 = getelementptr inbounds nuw i8, ptr %196, i64 %279
  %281 = load i8, ptr %280, align 1, !tbaa !10
  %282 = zext i8 %281 to i32
  %283 = and i32 %238, 7
  %284 = xor i32 %283, 7
  %285 = lshr i32 %282, %284
  %286 = and i32 %285, 1
  %287 = zext nneg i32 %286 to i64
  %288 = getelementptr inbounds nuw i32, ptr %236, i64 %287
  %289 = load i32, ptr %288, align 4, !tbaa !4
  %290 = icmp eq i32 %289, 0
  br i1 %290, label %372, label %228, !llvm.loop !71

291:                                              ; preds = %272
  %292 = icmp eq i32 %238, %273
  %293 = and i1 %275, %292
  br i1 %293, label %294, label %372

294:                                              ; preds = %291
  %295 = getelementptr inbounds nuw i8, ptr %236, i64 12
  %296 = load i32, ptr %295, align 4, !tbaa !4
  %297 = icmp eq i32 %296, 0
  br i1 %297, label %372, label %298

298:                                              ; preds = %294
  %299 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %300 = load i32, ptr %299, align 4, !tbaa !65
  %301 = add i32 %300, -1
  store i32 %301, ptr %299, align 4, !tbaa !65
  %302 = load i32, ptr %295, align 4, !tbaa !4
  %303 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %304 = load i64, ptr %303, align 8, !tbaa !25
  %305 = getelementptr inbounds nuw i8, ptr %0, i64 %304
  %306 = add i32 %302, -1
  %307 = zext i32 %306 to i64
  %308 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %309 = load i32, ptr %308, align 4, !tbaa !23
  %310 = zext i32 %309 to i64
  %311 = mul nuw i64 %310, %307
  %312 = getelementptr inbounds nuw i8, ptr %305, i64 %311
  %313 = getelementptr inbounds nuw i8, ptr %0, i64 88
  %314 = load i32, ptr %313, align 8, !tbaa !72
  store i32 %314, ptr %312, align 1
  store i32 %302, ptr %313, align 8, !tbaa !72
  store i32 0, ptr %295, align 4, !tbaa !4
  %315 = load i32, ptr %236, align 4, !tbaa !4
  %316 = icmp eq i32 %315, 0
  br i1 %316, label %321, label %317

317:                                              ; preds = %298
  %318 = getelementptr inbounds nuw i8, ptr %236, i64 4
  %319 = load i32, ptr %318, align 4, !tbaa !4
  %320 = icmp eq i32 %319, 0
  br i1 %320, label %321, label %372

321:                                              ; preds = %317, %298
  %322 = icmp eq i32 %230, 0
  br i1 %322, label %358, label %323

323:                                              ; preds = %321
  %324 = load i64, ptr %218, align 8, !tbaa !29
  %325 = getelementptr inbounds nuw i8, ptr %0, i64 %324
  %326 = add i32 %230, -1
  %327 = zext i32 %326 to i64
  %328 = load i32, ptr %221, align 4, !tbaa !27
  %329 = zext i32 %328 to i64
  %330 = mul nuw i64 %329, %327
  %331 = getelementptr inbounds nuw i8, ptr %325, i64 %330
  %332 = getelementptr inbounds nuw i8, ptr %331, i64 12
  %333 = load i32, ptr %332, align 4, !tbaa !4
  %334 = icmp eq i32 %333, 0
  br i1 %334, label %335, label %358

335:                                              ; preds = %323
  br i1 %316, label %336, label %362

336:                                              ; preds = %335
  %337 = getelementptr inbounds nuw i8, ptr %236, i64 4
  %338 = load i32, ptr %337, align 4, !tbaa !4
  %339 = icmp eq i32 %338, 0
  br i1 %339, label %340, label %362

340:                                              ; preds = %336
  %341 = load i32, ptr %331, align 4, !tbaa !4
  %342 = icmp eq i32 %341, %229
  br i1 %342, label %343, label %346

343:                                              ; preds = %340
  %344 = getelementptr inbounds nuw i8, ptr %331, i64 4
  %345 = load i32, ptr %344, align 4, !tbaa !4
  br label %346

346:                                              ; preds = %343, %340
  %347 = phi i32 [ %345, %343 ], [ %341, %340 ]
  store i32 %347, ptr %231, align 4, !tbaa !4
  %348 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %349 = load i32, ptr %348, align 4, !tbaa !64
  %350 = load i32, ptr %221, align 4, !tbaa !27
  %351 = zext i32 %350 to i64
  %352 = mul nuw i64 %351, %327
  %353 = getelementptr inbounds nuw i8, ptr %325, i64 %352
  store i32 %349, ptr %353, align 4, !tbaa !4
  %354 = load i32, ptr %221, align 4, !tbaa !27
  %355 = zext i32 %354 to i64
  %356 = mul nuw i64 %355, %234
  %357 = getelementptr inbounds nuw i8, ptr %325, i64 %356
  store i32 %230, ptr %357, align 4, !tbaa !4
  store i32 %229, ptr %348, align 4, !tbaa !64
  br label %372

358:                                              ; preds = %323, %321
  br i1 %316, label %359, label %362

359:                                              ; preds = %358
  %360 = getelementptr inbounds nuw i8, ptr %236, i64 4
  %361 = load i32, ptr %360, align 4, !tbaa !4
  br label %362

362:                                              ; preds = %359, %358, %336, %335
  %363 = phi i32 [ %315, %335 ], [ %315, %358 ], [ %361, %359 ], [ %338, %336 ]
  store i32 %363, ptr %232, align 4, !tbaa !4
  %364 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %365 = load i32, ptr %364, align 4, !tbaa !64
  %366 = load i64, ptr %218, align 8, !tbaa !29
  %367 = getelementptr inbounds nuw i8, ptr %0, i64 %366
  %368 = load i32, ptr %221, align 4, !tbaa !27
  %369 = zext i32 %368 to i64
  %370 = mul nuw i64 %369, %234
  %371 = getelementptr inbounds nuw i8, ptr %367, i64 %370
  store i32 %365, ptr %371, align 4, !tbaa !4
  store i32 %229, ptr %364, align 4, !tbaa !64
  br label %372

372:                                              ; preds = %277, %362, %346, %317, %294, %291, %213
  %373 = phi i64 [ 0, %346 ], [ 0, %317 ], [ 0, %362 ], [ -2, %291 ], [ -2, %294 ], [ -2, %213 ], [ -2, %277 ]
  store atomic i32 0, ptr %203 release, align 8
  br label %376

374:                                              ; preds = %2
  br label %376

375:                                              ; preds = %2
  br label %376

376:                                              ; preds = %2, %372, %194, %28, %23, %10, %5, %375, %374, %192
  %377 = phi i64 [ -22, %375 ], [ -524, %374 ], [ -95, %2 ], [ -7, %5 ], [ %193, %192 ], [ -22, %23 ], [ %22, %10 ], [ 0, %28 ], [ %373, %372 ], [ -22, %194 ]
  ret i64 %377
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -524, 1) i64 @ebpy_map_get_next_key(ptr noundef %0, ptr noundef readonly captures(address_is_null) %1, ptr noundef writeonly captures(none) %2) local_unnamed_addr #6 {
  %4 = alloca [2049 x i32], align 16
  %5 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %6 = load i32, ptr %5, align 4, !tbaa !12
  switch i32 %6, label %369 [
    i32 2, label %7
    i32 6, label %7
    i32 3, label %7
    i32 12, label %7
    i32 14, label %7
    i32 1, label %21
    i32 5, label %21
    i32 9, label %21
    i32 10, label %21
    i32 13, label %21
    i32 25, label %21
    i32 11, label %176
    i32 27, label %368
    i32 30, label %370
  ]

7:                                                ; preds = %3, %3, %3, %3, %3
  %8 = icmp eq ptr %1, null
  br i1 %8, label %19, label %9

9:                                                ; preds = %7
  %10 = load i32, ptr %1, align 1
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %12 = load i32, ptr %11, align 8, !tbaa !17
  %13 = icmp ult i32 %10, %12
  br i1 %13, label %14, label %19

14:                                               ; preds = %9
  %15 = add i32 %12, -1
  %16 = icmp eq i32 %10, %15
  br i1 %16, label %370, label %17

17:                                               ; preds = %14
  %18 = add nuw i32 %10, 1
  br label %19

19:                                               ; preds = %17, %9, %7
  %20 = phi i32 [ %18, %17 ], [ 0, %7 ], [ 0, %9 ]
  store i32 %20, ptr %2, align 1
  br label %370

21:                                               ; preds = %3, %3, %3, %3, %3, %3
  %22 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %23 = atomicrmw xchg ptr %22, i32 1 acquire, align 8
  %24 = icmp eq i32 %23, 0
  br i1 %24, label %32, label %25

25:                                               ; preds = %21, %28
  %26 = load atomic i32, ptr %22 monotonic, align 8
  %27 = icmp eq i32 %26, 0
  br i1 %27, label %29, label %28

28:                                               ; preds = %25, %29
  br label %25, !llvm.loop !47

29:                                               ; preds = %25
  %30 = atomicrmw xchg ptr %22, i32 1 acquire, align 8
  %31 = icmp eq i32 %30, 0
  br i1 %31, label %32, label %28

32:                                               ; preds = %29, %21
  %33 = icmp eq ptr %1, null
  br i1 %33, label %34, label %37

34:                                               ; preds = %32
  %35 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %36 = load i32, ptr %35, align 8, !tbaa !26
  br label %142

37:                                               ; preds = %32
  %38 = load i32, ptr %5, align 4, !tbaa !12
  %39 = icmp eq i32 %38, 25
  br i1 %39, label %40, label %42

40:                                               ; preds = %37
  %41 = load i32, ptr %1, align 1
  br label %54

42:                                               ; preds = %37
  %43 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %44 = load i32, ptr %43, align 8, !tbaa !15
  %45 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %46 = load i32, ptr %45, align 4, !tbaa !38
  %47 = and i32 %44, 3
  %48 = icmp eq i32 %47, 0
  br i1 %48, label %49, label %52

49:                                               ; preds = %42
  %50 = lshr exact i32 %44, 2
  %51 = tail call i32 @ebpy_jhash2(ptr noundef nonnull readonly %1, i32 noundef %50, i32 noundef %46) #14
  br label %54

52:                                               ; preds = %42
  %53 = tail call i32 @ebpy_jhash(ptr noundef nonnull readonly %1, i32 noundef %44, i32 noundef %46) #14
  br label %54

54:                                               ; preds = %52, %49, %40
  %55 = phi i32 [ %41, %40 ], [ %51, %49 ], [ %53, %52 ]
  %56 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %57 = load i64, ptr %56, align 8, !tbaa !28
  %58 = getelementptr inbounds nuw i8, ptr %0, i64 %57
  %59 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %60 = load i32, ptr %59, align 8, !tbaa !26
  %61 = add i32 %60, -1
  %62 = and i32 %61, %55
  %63 = zext i32 %62 to i64
  %64 = getelementptr inbounds nuw i32, ptr %58, i64 %63
  %65 = load i32, ptr %64, align 4, !tbaa !4
  %66 = icmp eq i32 %65, 0
  br i1 %66, label %142, label %67

67:                                               ; preds = %54
  %68 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %69 = load i64, ptr %68, align 8, !tbaa !29
  %70 = getelementptr inbounds nuw i8, ptr %0, i64 %69
  %71 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %72 = load i32, ptr %71, align 4, !tbaa !27
  %73 = zext i32 %72 to i64
  %74 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %75 = getelementptr inbounds nuw i8, ptr %0, i64 8
  br label %76

76:                                               ; preds = %135, %67
  %77 = phi i32 [ %65, %67 ], [ %136, %135 ]
  %78 = add i32 %77, -1
  %79 = zext i32 %78 to i64
  %80 = mul nuw i64 %79, %73
  %81 = getelementptr inbounds nuw i8, ptr %70, i64 %80
  %82 = getelementptr inbounds nuw i8, ptr %81, i64 4
  %83 = load i32, ptr %82, align 4, !tbaa !53
  %84 = icmp eq i32 %83, %55
  br i1 %84, label %85, label %135

85:                                               ; preds = %76
  %86 = load i64, ptr %74, align 8, !tbaa !30
  %87 = getelementptr inbounds nuw i8, ptr %0, i64 %86
  %88 = load i32, ptr %75, align 8, !tbaa !15
  %89 = zext i32 %88 to i64
  %90 = mul nuw i64 %89, %79
  %91 = getelementptr inbounds nuw i8, ptr %87, i64 %90
  %92 = icmp ugt i32 %88, 7
  br i1 %92, label %93, label %105

93:                                               ; preds = %85, %100
  %94 = phi i32 [ %103, %100 ], [ %88, %85 ]
  %95 = phi ptr [ %102, %100 ], [ %1, %85 ]
  %96 = phi ptr [ %101, %100 ], [ %91, %85 ]
  %97 = load i64, ptr %96, align 1
  %98 = load i64, ptr %95, align 1
  %99 = icmp eq i64 %97, %98
  br i1 %99, label %100, label %135

100:                                              ; preds = %93
  %101 = getelementptr inbounds nuw i8, ptr %96, i64 8
  %102 = getelementptr inbounds nuw i8, ptr %95, i64 8
  %103 = add i32 %94, -8
  %104 = icmp ugt i32 %103, 7
  br i1 %104, label %93, label %105, !llvm.loop !55

105:                                              ; preds = %100, %85
  %106 = phi ptr [ %91, %85 ], [ %101, %100 ]
  %107 = phi ptr [ %1, %85 ], [ %102, %100 ]
  %108 = phi i32 [ %88, %85 ], [ %103, %100 ]
  %109 = icmp samesign ugt i32 %108, 3
  br i1 %109, label %110, label %118

110:                                              ; preds = %105
  %111 = load i32, ptr %106, align 1
  %112 = load i32, ptr %107, align 1
  %113 = icmp eq i32 %111, %112
  br i1 %113, label %114, label %135

114:                                              ; preds = %110
  %115 = getelementptr inbounds nuw i8, ptr %106, i64 4
  %116 = getelementptr inbounds nuw i8, ptr %107, i64 4
  %117 = add nsw i32 %108, -4
  br label %118

118:                                              ; preds = %114, %105
  %119 = phi ptr [ %115, %114 ], [ %106, %105 ]
  %120 = phi ptr [ %116, %114 ], [ %107, %105 ]
  %121 = phi i32 [ %117, %114 ], [ %108, %105 ]
  %122 = icmp eq i32 %121, 0
  br i1 %122, label %138, label %123

123:                                              ; preds = %118, %130
  %124 = phi i32 [ %133, %130 ], [ %121, %118 ]
  %125 = phi ptr [ %132, %130 ], [ %120, %118 ]
  %126 = phi ptr [ %131, %130 ], [ %119, %118 ]
  %127 = load i8, ptr %126, align 1, !tbaa !10
  %128 = load i8, ptr %125, align 1, !tbaa !10
  %129 = icmp eq i8 %127, %128
  br i1 %129, label %130, label %135

130:                                              ; preds = %123
  %131 = getelementptr inbounds nuw i8, ptr %126, i64 1
  %132 = getelementptr inbounds nuw i8, ptr %125, i64 1
  %133 = add nsw i32 %124, -1
  %134 = icmp eq i32 %133, 0
  br i1 %134, label %138, label %123, !llvm.loop !56

135:                                              ; preds = %93, %123, %110, %76
  %136 = load i32, ptr %81, align 4, !tbaa !4
  %137 = icmp eq i32 %136, 0
  br i1 %137, label %142, label %76, !llvm.loop !57

138:                                              ; preds = %118, %130
  %139 = load i32, ptr %81, align 4, !tbaa !63
  %140 = add i32 %62, 1
  %141 = icmp eq i32 %139, 0
  br i1 %141, label %142, label %165

142:                                              ; preds = %135, %34, %138, %54
  %143 = phi i32 [ %60, %138 ], [ %60, %54 ], [ %36, %34 ], [ %60, %135 ]
  %144 = phi i32 [ %140, %138 ], [ 0, %54 ], [ 0, %34 ], [ 0, %135 ]
  %145 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %146 = zext i32 %144 to i64
  %147 = tail call i32 @llvm.umax.i32(i32 %144, i32 %143)
  %148 = zext i32 %147 to i64
  br label %149

149:                                              ; preds = %152, %142
  %150 = phi i64 [ %146, %142 ], [ %157, %152 ]
  %151 = icmp eq i64 %150, %148
  br i1 %151, label %174, label %152

152:                                              ; preds = %149
  %153 = load i64, ptr %145, align 8, !tbaa !28
  %154 = getelementptr inbounds nuw i8, ptr %0, i64 %153
  %155 = getelementptr inbounds nuw i32, ptr %154, i64 %150
  %156 = load i32, ptr %155, align 4, !tbaa !4
  %157 = add nuw nsw i64 %150, 1
  %158 = icmp eq i32 %156, 0
  br i1 %158, label %149, label %159, !llvm.loop !73

159:                                              ; preds = %152
  %160 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %161 = load i64, ptr %160, align 8, !tbaa !30
  %162 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %163 = load i32, ptr %162, align 8, !tbaa !15
  %164 = zext i32 %163 to i64
  br label %165

165:                                              ; preds = %159, %138
  %166 = phi i64 [ %164, %159 ], [ %89, %138 ]
  %167 = phi i64 [ %161, %159 ], [ %86, %138 ]
  %168 = phi i32 [ %156, %159 ], [ %139, %138 ]
  %169 = getelementptr inbounds nuw i8, ptr %0, i64 %167
  %170 = add i32 %168, -1
  %171 = zext i32 %170 to i64
  %172 = mul nuw i64 %166, %171
  %173 = getelementptr inbounds nuw i8, ptr %169, i64 %172
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr readonly align 1 %173, i64 %166, i1 false)
  br label %174

174:                                              ; preds = %149, %165
  %175 = phi i64 [ 0, %165 ], [ -2, %149 ]
  store atomic i32 0, ptr %22 release, align 8
  br label %370

176:                                              ; preds = %3
  call void @llvm.lifetime.start.p0(ptr nonnull %4) #13
  %177 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %178 = load i32, ptr %177, align 8, !tbaa !15
  %179 = shl i32 %178, 3
  %180 = add i32 %179, -32
  %181 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %182 = atomicrmw xchg ptr %181, i32 1 acquire, align 8
  %183 = icmp eq i32 %182, 0
  br i1 %183, label %191, label %184

184:                                              ; preds = %176, %187
  %185 = load atomic i32, ptr %181 monotonic, align 8
  %186 = icmp eq i32 %185, 0
  br i1 %186, label %188, label %187

187:                                              ; preds = %184, %188
  br label %184, !llvm.loop !47

188:                                              ; preds = %184
  %189 = atomicrmw xchg ptr %181, i32 1 acquire, align 8
  %190 = icmp eq i32 %189, 0
  br i1 %190, label %191, label %187

191:                                              ; preds = %188, %176
  %192 = getelementptr inbounds nuw i8, ptr %0, i64 80
  %193 = load i32, ptr %192, align 8, !tbaa !74
  %194 = icmp eq i32 %193, 0
  br i1 %194, label %366, label %195

195:                                              ; preds = %191
  %196 = icmp eq ptr %1, null
  br i1 %196, label %313, label %197

197:                                              ; preds = %195
  %198 = load i32, ptr %1, align 1
  %199 = getelementptr inbounds nuw i8, ptr %1, i64 4
  %200 = icmp ugt i32 %198, %180
  br i1 %200, label %313, label %201

201:                                              ; preds = %197
  %202 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %203 = load i64, ptr %202, align 8, !tbaa !29
  %204 = getelementptr inbounds nuw i8, ptr %0, i64 %203
  %205 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %206 = load i32, ptr %205, align 4, !tbaa !27
  %207 = zext i32 %206 to i64
  %208 = load i32, ptr %177, align 8, !tbaa !15
  %209 = add i32 %208, -4
  %210 = icmp ne i32 %209, 0
  %211 = zext i32 %209 to i64
  br label %212

212:                                              ; preds = %261, %201
  %213 = phi i64 [ -1, %201 ], [ %219, %261 ]
  %214 = phi i32 [ %193, %201 ], [ %273, %261 ]
  %215 = add i32 %214, -1
  %216 = zext i32 %215 to i64
  %217 = mul nuw i64 %216, %207
  %218 = getelementptr inbounds nuw i8, ptr %204, i64 %217
  %219 = add nsw i64 %213, 1
  %220 = getelementptr inbounds i32, ptr %4, i64 %219
  store i32 %214, ptr %220, align 4, !tbaa !4
  %221 = getelementptr inbounds nuw i8, ptr %218, i64 8
  %222 = load i32, ptr %221, align 4, !tbaa !4
  %223 = tail call noundef i32 @llvm.umin.i32(i32 %222, i32 %198)
  %224 = icmp ne i32 %223, 0
  %225 = and i1 %210, %224
  br i1 %225, label %226, label %256

226:                                              ; preds = %212
  %227 = getelementptr inbounds nuw i8, ptr %218, i64 16
  %228 = load i8, ptr %227, align 1, !tbaa !10
  %229 = load i8, ptr %199, align 1, !tbaa !10
  %230 = icmp eq i8 %228, %229
  br i1 %230, label %231, label %247

231:                                              ; preds = %226, %239
  %232 = phi i64 [ %233, %239 ], [ 0, %226 ]
  %233 = add nuw nsw i64 %232, 1
  %234 = icmp samesign ult i64 %233, %211
  %235 = trunc nuw i64 %233 to i32
  %236 = shl i32 %235, 3
  %237 = icmp ult i32 %236, %223
  %238 = and i1 %234, %237
  br i1 %238, label %239, label %256, !llvm.loop !66

239:                                              ; preds = %231
  %240 = getelementptr inbounds nuw i8, ptr %227, i64 %233
  %241 = load i8, ptr %240, align 1, !tbaa !10
  %242 = getelementptr inbounds nuw i8, ptr %199, i64 %233
  %243 = load i8, ptr %242, align 1, !tbaa !10
  %244 = icmp eq i8 %241, %243
  br i1 %244, label %231, label %245, !llvm.loop !66

245:                                              ; preds = %239
  %246 = add i32 %236, -24
  br label %247

247:                                              ; preds = %245, %226
  %248 = phi i32 [ -24, %226 ], [ %246, %245 ]
  %249 = phi i8 [ %228, %226 ], [ %241, %245 ]
  %250 = phi i8 [ %229, %226 ], [ %243, %245 ]
  %251 = xor i8 %250, %249
  %252 = zext i8 %251 to i32
  %253 = tail call range(i32 24, 33) i32 @llvm.ctlz.i32(i32 %252, i1 true)
  %254 = add i32 %253, %248
  %255 = tail call noundef i32 @llvm.umin.i32(i32 %254, i32 %223)
  br label %256

256:                                              ; preds = %231, %247, %212
  %257 = phi i32 [ %255, %247 ], [ %223, %212 ], [ %223, %231 ]
  %258 = icmp ne i32 %222, %257
  %259 = icmp eq i32 %222, %198
  %260 = or i1 %259, %258
  br i1 %260, label %275, label %261

261:                                              ; preds = %256
  %262 = lshr i32 %222, 3
  %263 = zext nneg i32 %262 to i64
  %264 = getelementptr inbounds nuw i8, ptr %199, i64 %263
  %265 = load i8, ptr %264, align 1, !tbaa !10
  %266 = zext i8 %265 to i32
  %267 = and i32 %222, 7
  %268 = xor i32 %267, 7
  %269 = lshr i32 %266, %268
  %270 = and i32 %269, 1
  %271 = zext nneg i32 %270 to i64
  %272 = getelementptr inbounds nuw i32, ptr %218, i64 %271
  %273 = load i32, ptr %272, align 4, !tbaa !4
  %274 = icmp eq i32 %273, 0
  br i1 %274, label %313, label %212

275:                                              ; preds = %256
  %276 = trunc nuw nsw i64 %219 to i32
  %277 = icmp eq i32 %222, %257
  br i1 %277, label %278, label %313

278:                                              ; preds = %275
  %279 = getelementptr inbounds nuw i8, ptr %218, i64 12
  %280 = load i32, ptr %279, align 4, !tbaa !4
  %281 = icmp eq i32 %280, 0
  br i1 %281, label %313, label %282

282:                                              ; preds = %278
  %283 = icmp sgt i64 %213, -1
  br i1 %283, label %284, label %366

284:                                              ; preds = %282
  %285 = shl i64 %219, 32
  %286 = ashr exact i64 %285, 30
  %287 = getelementptr inbounds i8, ptr %4, i64 %286
  %288 = load i32, ptr %287, align 4, !tbaa !4
  br label %292

289:                                              ; preds = %309
  %290 = add nsw i32 %294, -1
  %291 = icmp sgt i32 %294, 1
  br i1 %291, label %292, label %366

292:                                              ; preds = %289, %284
  %293 = phi i32 [ %298, %289 ], [ %288, %284 ]
  %294 = phi i32 [ %290, %289 ], [ %276, %284 ]
  %295 = zext nneg i32 %294 to i64
  %296 = getelementptr i32, ptr %4, i64 %295
  %297 = getelementptr i8, ptr %296, i64 -4
  %298 = load i32, ptr %297, align 4, !tbaa !4
  %299 = add i32 %298, -1
  %300 = zext i32 %299 to i64
  %301 = mul nuw i64 %300, %207
  %302 = getelementptr inbounds nuw i8, ptr %204, i64 %301
  %303 = load i32, ptr %302, align 4, !tbaa !4
  %304 = icmp eq i32 %303, %293
  br i1 %304, label %305, label %309

305:                                              ; preds = %292
  %306 = getelementptr inbounds nuw i8, ptr %302, i64 4
  %307 = load i32, ptr %306, align 4, !tbaa !4
  %308 = icmp eq i32 %307, 0
  br i1 %308, label %309, label %313

309:                                              ; preds = %305, %292
  %310 = getelementptr inbounds nuw i8, ptr %302, i64 12
  %311 = load i32, ptr %310, align 4, !tbaa !4
  %312 = icmp eq i32 %311, 0
  br i1 %312, label %289, label %345

313:                                              ; preds = %261, %305, %278, %275, %197, %195
  %314 = phi i32 [ %193, %197 ], [ %193, %275 ], [ %307, %305 ], [ %193, %278 ], [ %193, %195 ], [ %193, %261 ]
  %315 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %316 = load i64, ptr %315, align 8, !tbaa !29
  %317 = getelementptr inbounds nuw i8, ptr %0, i64 %316
  %318 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %319 = load i32, ptr %318, align 4, !tbaa !27
  %320 = zext i32 %319 to i64
  br label %321

321:                                              ; preds = %337, %313
  %322 = phi i32 [ %314, %313 ], [ %339, %337 ]
  %323 = phi i32 [ 0, %313 ], [ %338, %337 ]
  %324 = add i32 %322, -1
  %325 = zext i32 %324 to i64
  %326 = mul nuw i64 %325, %320
  %327 = getelementptr inbounds nuw i8, ptr %317, i64 %326
  %328 = getelementptr inbounds nuw i8, ptr %327, i64 12
  %329 = load i32, ptr %328, align 4, !tbaa !4
  %330 = icmp eq i32 %329, 0
  %331 = load i32, ptr %327, align 4, !tbaa !4
  br i1 %330, label %337, label %332

332:                                              ; preds = %321
  %333 = icmp eq i32 %331, 0
  br i1 %333, label %334, label %337

334:                                              ; preds = %332
  %335 = getelementptr inbounds nuw i8, ptr %327, i64 4
  %336 = load i32, ptr %335, align 4, !tbaa !4
  br label %337

337:                                              ; preds = %334, %332, %321
  %338 = phi i32 [ %322, %334 ], [ %322, %332 ], [ %323, %321 ]
  %339 = phi i32 [ %336, %334 ], [ %331, %332 ], [ %331, %321 ]
  %340 = icmp eq i32 %339, 0
  br i1 %340, label %341, label %321, !llvm.loop !75

341:                                              ; preds = %337
  %342 = add i32 %338, -1
  %343 = zext i32 %342 to i64
  %344 = mul nuw i64 %343, %320
  br label %345

345:                                              ; preds = %309, %341
  %346 = phi i64 [ %344, %341 ], [ %301, %309 ]
  %347 = phi i64 [ %343, %341 ], [ %300, %309 ]
  %348 = phi i64 [ %316, %341 ], [ %203, %309 ]
  %349 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %350 = getelementptr inbounds nuw i8, ptr %0, i64 %348
  %351 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %352 = getelementptr inbounds nuw i8, ptr %350, i64 %346
  %353 = getelementptr inbounds nuw i8, ptr %352, i64 8
  %354 = load i32, ptr %353, align 4, !tbaa !4
  store i32 %354, ptr %2, align 1
  %355 = getelementptr inbounds nuw i8, ptr %2, i64 4
  %356 = load i64, ptr %349, align 8, !tbaa !29
  %357 = getelementptr inbounds nuw i8, ptr %0, i64 %356
  %358 = load i32, ptr %351, align 4, !tbaa !27
  %359 = zext i32 %358 to i64
  %360 = mul nuw i64 %347, %359
  %361 = getelementptr inbounds nuw i8, ptr %357, i64 %360
  %362 = getelementptr inbounds nuw i8, ptr %361, i64 16
  %363 = load i32, ptr %177, align 8, !tbaa !15
  %364 = add i32 %363, -4
  %365 = zext i32 %364 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %355, ptr nonnull readonly align 1 %362, i64 %365, i1 false)
  br label %366

366:                                              ; preds = %289, %191, %282, %345
  %367 = phi i64 [ 0, %345 ], [ -2, %191 ], [ -2, %282 ], [ -2, %289 ]
  store atomic i32 0, ptr %181 release, align 8
  call void @llvm.lifetime.end.p0(ptr nonnull %4) #13
  br label %370

368:                                              ; preds = %3
  br label %370

369:                                              ; preds = %3
  br label %370

370:                                              ; preds = %19, %14, %3, %369, %368, %366, %174
  %371 = phi i64 [ -22, %369 ], [ -95, %3 ], [ %175, %174 ], [ %367, %366 ], [ -524, %368 ], [ -2, %14 ], [ 0, %19 ]
  ret i64 %371
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -524, 1) i64 @ebpy_map_lookup_and_delete(ptr noundef %0, ptr noundef readonly captures(none) %1, ptr noundef writeonly captures(none) %2, i32 noundef %3) local_unnamed_addr #6 {
  %5 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %6 = load i32, ptr %5, align 4, !tbaa !12
  switch i32 %6, label %55 [
    i32 1, label %7
    i32 5, label %7
    i32 9, label %7
    i32 10, label %7
    i32 22, label %9
    i32 23, label %9
  ]

7:                                                ; preds = %4, %4, %4, %4
  %8 = tail call fastcc i64 @htab_lookup_copy(ptr noundef nonnull %0, ptr noundef %1, ptr noundef %2, i32 noundef %3, i32 noundef 1) #14
  br label %55

9:                                                ; preds = %4, %4
  %10 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %11 = load i32, ptr %10, align 8, !tbaa !17
  %12 = add i32 %11, 1
  %13 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %14 = atomicrmw xchg ptr %13, i32 1 acquire, align 8
  %15 = icmp eq i32 %14, 0
  br i1 %15, label %23, label %16

16:                                               ; preds = %9, %19
  %17 = load atomic i32, ptr %13 monotonic, align 8
  %18 = icmp eq i32 %17, 0
  br i1 %18, label %20, label %19

19:                                               ; preds = %16, %20
  br label %16, !llvm.loop !47

20:                                               ; preds = %16
  %21 = atomicrmw xchg ptr %13, i32 1 acquire, align 8
  %22 = icmp eq i32 %21, 0
  br i1 %22, label %23, label %19

23:                                               ; preds = %20, %9
  %24 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %25 = load i32, ptr %24, align 4, !tbaa !45
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %27 = load i32, ptr %26, align 8, !tbaa !46
  %28 = icmp eq i32 %25, %27
  br i1 %28, label %29, label %33

29:                                               ; preds = %23
  store atomic i32 0, ptr %13 release, align 8
  %30 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %31 = load i32, ptr %30, align 4, !tbaa !16
  %32 = zext i32 %31 to i64
  tail call void @llvm.memset.p0.i64(ptr align 1 %2, i8 0, i64 %32, i1 false)
  br label %55

33:                                               ; preds = %23
  %34 = load i32, ptr %5, align 4, !tbaa !12
  %35 = icmp eq i32 %34, 22
  br i1 %35, label %36, label %40

36:                                               ; preds = %33
  %37 = add i32 %27, 1
  %38 = icmp ult i32 %37, %12
  %39 = select i1 %38, i32 %37, i32 0
  store i32 %39, ptr %26, align 8, !tbaa !46
  br label %44

40:                                               ; preds = %33
  %41 = icmp eq i32 %25, 0
  %42 = add i32 %25, -1
  %43 = select i1 %41, i32 %11, i32 %42
  store i32 %43, ptr %24, align 4, !tbaa !45
  br label %44

44:                                               ; preds = %40, %36
  %45 = phi i32 [ %27, %36 ], [ %43, %40 ]
  %46 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %47 = load i64, ptr %46, align 8, !tbaa !25
  %48 = getelementptr inbounds nuw i8, ptr %0, i64 %47
  %49 = zext i32 %45 to i64
  %50 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %51 = load i32, ptr %50, align 4, !tbaa !16
  %52 = zext i32 %51 to i64
  %53 = mul nuw i64 %52, %49
  %54 = getelementptr inbounds nuw i8, ptr %48, i64 %53
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %2, ptr readonly align 1 %54, i64 %52, i1 false)
  store atomic i32 0, ptr %13 release, align 8
  br label %55

55:                                               ; preds = %44, %29, %4, %7
  %56 = phi i64 [ -524, %4 ], [ %8, %7 ], [ -2, %29 ], [ 0, %44 ]
  ret i64 %56
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -22, 1) i64 @ebpy_map_push(ptr noundef captures(none) %0, ptr noundef readonly captures(none) %1, i64 noundef %2) local_unnamed_addr #6 {
  %4 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %5 = load i32, ptr %4, align 4, !tbaa !12
  switch i32 %5, label %91 [
    i32 22, label %6
    i32 23, label %6
    i32 30, label %52
  ]

6:                                                ; preds = %3, %3
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %8 = load i32, ptr %7, align 8, !tbaa !17
  %9 = add i32 %8, 1
  %10 = and i64 %2, 1
  %11 = icmp ne i64 %10, 0
  %12 = icmp ugt i64 %2, 2
  %13 = or i1 %12, %11
  br i1 %13, label %91, label %14

14:                                               ; preds = %6
  %15 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %16 = atomicrmw xchg ptr %15, i32 1 acquire, align 8
  %17 = icmp eq i32 %16, 0
  br i1 %17, label %25, label %18

18:                                               ; preds = %14, %21
  %19 = load atomic i32, ptr %15 monotonic, align 8
  %20 = icmp eq i32 %19, 0
  br i1 %20, label %22, label %21

21:                                               ; preds = %18, %22
  br label %18, !llvm.loop !47

22:                                               ; preds = %18
  %23 = atomicrmw xchg ptr %15, i32 1 acquire, align 8
  %24 = icmp eq i32 %23, 0
  br i1 %24, label %25, label %21

25:                                               ; preds = %22, %14
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %27 = load i32, ptr %26, align 4, !tbaa !45
  %28 = add i32 %27, 1
  %29 = icmp ult i32 %28, %9
  %30 = select i1 %29, i32 %28, i32 0
  %31 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %32 = load i32, ptr %31, align 8, !tbaa !46
  %33 = icmp eq i32 %30, %32
  br i1 %33, label %34, label %40

34:                                               ; preds = %25
  %35 = icmp eq i64 %2, 0
  br i1 %35, label %50, label %36

36:                                               ; preds = %34
  %37 = add i32 %30, 1
  %38 = icmp ult i32 %37, %9
  %39 = select i1 %38, i32 %37, i32 0
  store i32 %39, ptr %31, align 8, !tbaa !46
  br label %40

40:                                               ; preds = %36, %25
  %41 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %42 = load i64, ptr %41, align 8, !tbaa !25
  %43 = getelementptr inbounds nuw i8, ptr %0, i64 %42
  %44 = zext i32 %27 to i64
  %45 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %46 = load i32, ptr %45, align 4, !tbaa !16
  %47 = zext i32 %46 to i64
  %48 = mul nuw i64 %47, %44
  %49 = getelementptr inbounds nuw i8, ptr %43, i64 %48
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %49, ptr readonly align 1 %1, i64 %47, i1 false)
  store i32 %30, ptr %26, align 4, !tbaa !45
  br label %50

50:                                               ; preds = %40, %34
  %51 = phi i64 [ 0, %40 ], [ -7, %34 ]
  store atomic i32 0, ptr %15 release, align 8
  br label %91

52:                                               ; preds = %3
  %53 = icmp eq i64 %2, 0
  br i1 %53, label %54, label %91

54:                                               ; preds = %52
  %55 = getelementptr inbounds nuw i8, ptr %0, i64 100
  %56 = load i32, ptr %55, align 4, !tbaa !31
  %57 = icmp eq i32 %56, 0
  br i1 %57, label %91, label %58

58:                                               ; preds = %54
  %59 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %60 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %61 = getelementptr inbounds nuw i8, ptr %0, i64 104
  %62 = getelementptr inbounds nuw i8, ptr %0, i64 168
  br label %63

63:                                               ; preds = %75, %58
  %64 = phi i32 [ 0, %58 ], [ %88, %75 ]
  %65 = load i32, ptr %59, align 4, !tbaa !16
  %66 = load i32, ptr %60, align 4, !tbaa !38
  %67 = add i32 %66, %64
  %68 = and i32 %65, 3
  %69 = icmp eq i32 %68, 0
  br i1 %69, label %70, label %73

70:                                               ; preds = %63
  %71 = lshr exact i32 %65, 2
  %72 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %71, i32 noundef %67) #14
  br label %75

73:                                               ; preds = %63
  %74 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %65, i32 noundef %67) #14
  br label %75

75:                                               ; preds = %73, %70
  %76 = phi i32 [ %72, %70 ], [ %74, %73 ]
  %77 = load i32, ptr %61, align 8, !tbaa !32
  %78 = and i32 %77, %76
  %79 = load i64, ptr %62, align 8, !tbaa !25
  %80 = getelementptr inbounds nuw i8, ptr %0, i64 %79
  %81 = lshr i32 %78, 6
  %82 = zext nneg i32 %81 to i64
  %83 = getelementptr inbounds nuw i64, ptr %80, i64 %82
  %84 = and i32 %78, 63
  %85 = zext nneg i32 %84 to i64
  %86 = shl nuw i64 1, %85
  %87 = atomicrmw or ptr %83, i64 %86 monotonic, align 8
  %88 = add nuw i32 %64, 1
  %89 = load i32, ptr %55, align 4, !tbaa !31
  %90 = icmp ult i32 %88, %89
  br i1 %90, label %63, label %91, !llvm.loop !68

91:                                               ; preds = %75, %54, %52, %50, %6, %3
  %92 = phi i64 [ -22, %3 ], [ %51, %50 ], [ -22, %6 ], [ -22, %52 ], [ 0, %54 ], [ 0, %75 ]
  ret i64 %92
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -95, 1) i64 @ebpy_map_pop(ptr noundef captures(none) %0, ptr noundef writeonly captures(none) %1) local_unnamed_addr #6 {
  %3 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %4 = load i32, ptr %3, align 4, !tbaa !12
  switch i32 %4, label %51 [
    i32 22, label %5
    i32 23, label %5
    i32 30, label %52
  ]

5:                                                ; preds = %2, %2
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %7 = load i32, ptr %6, align 8, !tbaa !17
  %8 = add i32 %7, 1
  %9 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %10 = atomicrmw xchg ptr %9, i32 1 acquire, align 8
  %11 = icmp eq i32 %10, 0
  br i1 %11, label %19, label %12

12:                                               ; preds = %5, %15
  %13 = load atomic i32, ptr %9 monotonic, align 8
  %14 = icmp eq i32 %13, 0
  br i1 %14, label %16, label %15

15:                                               ; preds = %12, %16
  br label %12, !llvm.loop !47

16:                                               ; preds = %12
  %17 = atomicrmw xchg ptr %9, i32 1 acquire, align 8
  %18 = icmp eq i32 %17, 0
  br i1 %18, label %19, label %15

19:                                               ; preds = %16, %5
  %20 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %21 = load i32, ptr %20, align 4, !tbaa !45
  %22 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %23 = load i32, ptr %22, align 8, !tbaa !46
  %24 = icmp eq i32 %21, %23
  br i1 %24, label %25, label %29

25:                                               ; preds = %19
  store atomic i32 0, ptr %9 release, align 8
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %27 = load i32, ptr %26, align 4, !tbaa !16
  %28 = zext i32 %27 to i64
  tail call void @llvm.memset.p0.i64(ptr align 1 %1, i8 0, i64 %28, i1 false)
  br label %52

29:                                               ; preds = %19
  %30 = load i32, ptr %3, align 4, !tbaa !12
  %31 = icmp eq i32 %30, 22
  br i1 %31, label %32, label %36

32:                                               ; preds = %29
  %33 = add i32 %23, 1
  %34 = icmp ult i32 %33, %8
  %35 = select i1 %34, i32 %33, i32 0
  store i32 %35, ptr %22, align 8, !tbaa !46
  br label %40

36:                                               ; preds = %29
  %37 = icmp eq i32 %21, 0
  %38 = add i32 %21, -1
  %39 = select i1 %37, i32 %7, i32 %38
  store i32 %39, ptr %20, align 4, !tbaa !45
  br label %40

40:                                               ; preds = %36, %32
  %41 = phi i32 [ %23, %32 ], [ %39, %36 ]
  %42 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %43 = load i64, ptr %42, align 8, !tbaa !25
  %44 = getelementptr inbounds nuw i8, ptr %0, i64 %43
  %45 = zext i32 %41 to i64
  %46 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %47 = load i32, ptr %46, align 4, !tbaa !16
  %48 = zext i32 %47 to i64
  %49 = mul nuw i64 %48, %45
  %50 = getelementptr inbounds nuw i8, ptr %44, i64 %49
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %1, ptr readonly align 1 %50, i64 %48, i1 false)
  store atomic i32 0, ptr %9 release, align 8
  br label %52

51:                                               ; preds = %2
  br label %52

52:                                               ; preds = %40, %25, %2, %51
  %53 = phi i64 [ -95, %2 ], [ -22, %51 ], [ -2, %25 ], [ 0, %40 ]
  ret i64 %53
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -22, 1) i64 @ebpy_map_peek(ptr noundef captures(none) %0, ptr noundef captures(none) %1) local_unnamed_addr #6 {
  %3 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %4 = load i32, ptr %3, align 4, !tbaa !12
  switch i32 %4, label %83 [
    i32 22, label %5
    i32 23, label %5
    i32 30, label %44
  ]

5:                                                ; preds = %2, %2
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %7 = load i32, ptr %6, align 8, !tbaa !17
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %9 = atomicrmw xchg ptr %8, i32 1 acquire, align 8
  %10 = icmp eq i32 %9, 0
  br i1 %10, label %18, label %11

11:                                               ; preds = %5, %14
  %12 = load atomic i32, ptr %8 monotonic, align 8
  %13 = icmp eq i32 %12, 0
  br i1 %13, label %15, label %14

14:                                               ; preds = %11, %15
  br label %11, !llvm.loop !47

15:                                               ; preds = %11
  %16 = atomicrmw xchg ptr %8, i32 1 acquire, align 8
  %17 = icmp eq i32 %16, 0
  br i1 %17, label %18, label %14

18:                                               ; preds = %15, %5
  %19 = getelementptr inbounds nuw i8, ptr %0, i64 92
  %20 = load i32, ptr %19, align 4, !tbaa !45
  %21 = getelementptr inbounds nuw i8, ptr %0, i64 96
  %22 = load i32, ptr %21, align 8, !tbaa !46
  %23 = icmp eq i32 %20, %22
  br i1 %23, label %24, label %28

24:                                               ; preds = %18
  store atomic i32 0, ptr %8 release, align 8
  %25 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %26 = load i32, ptr %25, align 4, !tbaa !16
  %27 = zext i32 %26 to i64
  tail call void @llvm.memset.p0.i64(ptr align 1 %1, i8 0, i64 %27, i1 false)
  br label %83

28:                                               ; preds = %18
  %29 = load i32, ptr %3, align 4, !tbaa !12
  %30 = icmp eq i32 %29, 22
  %31 = icmp eq i32 %20, 0
  %32 = add i32 %20, -1
  %33 = select i1 %31, i32 %7, i32 %32
  %34 = select i1 %30, i32 %22, i32 %33
  %35 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %36 = load i64, ptr %35, align 8, !tbaa !25
  %37 = getelementptr inbounds nuw i8, ptr %0, i64 %36
  %38 = zext i32 %34 to i64
  %39 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %40 = load i32, ptr %39, align 4, !tbaa !16
  %41 = zext i32 %40 to i64
  %42 = mul nuw i64 %41, %38
  %43 = getelementptr inbounds nuw i8, ptr %37, i64 %42
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %1, ptr readonly align 1 %43, i64 %41, i1 false)
  store atomic i32 0, ptr %8 release, align 8
  br label %83

44:                                               ; preds = %2
  %45 = getelementptr inbounds nuw i8, ptr %0, i64 100
  %46 = load i32, ptr %45, align 4, !tbaa !31
  %47 = icmp eq i32 %46, 0
  br i1 %47, label %83, label %48

48:                                               ; preds = %44
  %49 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %50 = load i32, ptr %49, align 4, !tbaa !16
  %51 = getelementptr inbounds nuw i8, ptr %0, i64 52
  %52 = load i32, ptr %51, align 4, !tbaa !38
  %53 = and i32 %50, 3
  %54 = icmp eq i32 %53, 0
  %55 = lshr exact i32 %50, 2
  %56 = getelementptr inbounds nuw i8, ptr %0, i64 104
  %57 = getelementptr inbounds nuw i8, ptr %0, i64 168
  br label %61

58:                                               ; preds = %68
  %59 = add nuw i32 %62, 1
  %60 = icmp eq i32 %59, %46
  br i1 %60, label %83, label %61, !llvm.loop !62

61:                                               ; preds = %58, %48
  %62 = phi i32 [ 0, %48 ], [ %59, %58 ]
  %63 = add i32 %62, %52
  br i1 %54, label %64, label %66

64:                                               ; preds = %61
  %65 = tail call i32 @ebpy_jhash2(ptr noundef readonly %1, i32 noundef %55, i32 noundef %63) #14
  br label %68

66:                                               ; preds = %61
  %67 = tail call i32 @ebpy_jhash(ptr noundef readonly %1, i32 noundef %50, i32 noundef %63) #14
  br label %68

68:                                               ; preds = %66, %64
  %69 = phi i32 [ %65, %64 ], [ %67, %66 ]
  %70 = load i32, ptr %56, align 8, !tbaa !32
  %71 = and i32 %70, %69
  %72 = load i64, ptr %57, align 8, !tbaa !25
  %73 = getelementptr inbounds nuw i8, ptr %0, i64 %72
  %74 = lshr i32 %71, 6
  %75 = zext nneg i32 %74 to i64
  %76 = getelementptr inbounds nuw i64, ptr %73, i64 %75
  %77 = load atomic i64, ptr %76 monotonic, align 8
  %78 = and i32 %71, 63
  %79 = zext nneg i32 %78 to i64
  %80 = shl nuw i64 1, %79
  %81 = and i64 %80, %77
  %82 = icmp eq i64 %81, 0
  br i1 %82, label %83, label %58

83:                                               ; preds = %68, %58, %44, %28, %24, %2
  %84 = phi i64 [ -22, %2 ], [ 0, %28 ], [ -2, %24 ], [ 0, %44 ], [ -2, %68 ], [ 0, %58 ]
  ret i64 %84
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -524, 1) i64 @ebpy_map_lookup_batch(ptr noundef captures(none) %0, ptr noundef readonly captures(address_is_null) %1, ptr noundef writeonly captures(none) %2, ptr noundef writeonly captures(none) %3, ptr noundef writeonly captures(none) %4, ptr noundef captures(none) %5, i32 noundef %6) local_unnamed_addr #6 {
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %9 = load i32, ptr %8, align 4, !tbaa !12
  switch i32 %9, label %186 [
    i32 13, label %10
    i32 10, label %10
    i32 9, label %10
    i32 5, label %10
    i32 1, label %10
    i32 25, label %10
  ]

10:                                               ; preds = %7, %7, %7, %7, %7, %7
  %11 = load i32, ptr %5, align 4, !tbaa !4
  %12 = icmp eq ptr %1, null
  br i1 %12, label %15, label %13

13:                                               ; preds = %10
  %14 = load i32, ptr %1, align 4, !tbaa !4
  br label %15

15:                                               ; preds = %13, %10
  %16 = phi i32 [ %14, %13 ], [ 0, %10 ]
  %17 = add nsw i32 %9, -7
  %18 = icmp ult i32 %17, -2
  %19 = icmp ne i32 %9, 10
  %20 = and i1 %19, %18
  %21 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %22 = getelementptr inbounds nuw i8, ptr %0, i64 32
  %23 = select i1 %20, ptr %22, ptr %21
  %24 = load i32, ptr %23, align 8, !tbaa !4
  %25 = icmp eq i32 %11, 0
  br i1 %25, label %186, label %26

26:                                               ; preds = %15
  store i32 0, ptr %5, align 4, !tbaa !4
  %27 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %28 = load i32, ptr %27, align 8, !tbaa !26
  %29 = icmp ult i32 %16, %28
  br i1 %29, label %30, label %186

30:                                               ; preds = %26
  %31 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %32 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %33 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %34 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %35 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %36 = getelementptr inbounds nuw i8, ptr %0, i64 160
  %37 = zext i32 %24 to i64
  %38 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %39 = icmp eq i32 %6, 0
  %40 = getelementptr inbounds nuw i8, ptr %0, i64 72
  %41 = getelementptr inbounds nuw i8, ptr %0, i64 76
  %42 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %43 = getelementptr inbounds nuw i8, ptr %0, i64 60
  %44 = zext i32 %16 to i64
  br label %45

45:                                               ; preds = %176, %30
  %46 = phi i64 [ %44, %30 ], [ %177, %176 ]
  %47 = phi i32 [ 0, %30 ], [ %122, %176 ]
  %48 = atomicrmw xchg ptr %31, i32 1 acquire, align 8
  %49 = icmp eq i32 %48, 0
  br i1 %49, label %57, label %50

50:                                               ; preds = %45, %53
  %51 = load atomic i32, ptr %31 monotonic, align 8
  %52 = icmp eq i32 %51, 0
  br i1 %52, label %54, label %53

53:                                               ; preds = %50, %54
  br label %50, !llvm.loop !47

54:                                               ; preds = %50
  %55 = atomicrmw xchg ptr %31, i32 1 acquire, align 8
  %56 = icmp eq i32 %55, 0
  br i1 %56, label %57, label %53

57:                                               ; preds = %54, %45
  %58 = load i64, ptr %32, align 8, !tbaa !28
  %59 = getelementptr inbounds nuw i8, ptr %0, i64 %58
  %60 = getelementptr inbounds nuw i32, ptr %59, i64 %46
  %61 = load i32, ptr %60, align 4, !tbaa !4
  %62 = icmp eq i32 %61, 0
  br i1 %62, label %121, label %63

63:                                               ; preds = %57
  %64 = load i64, ptr %33, align 8, !tbaa !29
  %65 = getelementptr inbounds nuw i8, ptr %0, i64 %64
  %66 = load i32, ptr %34, align 4, !tbaa !27
  %67 = zext i32 %66 to i64
  br label %68

68:                                               ; preds = %68, %63
  %69 = phi i32 [ %61, %63 ], [ %76, %68 ]
  %70 = phi i32 [ 0, %63 ], [ %71, %68 ]
  %71 = add i32 %70, 1
  %72 = add i32 %69, -1
  %73 = zext i32 %72 to i64
  %74 = mul nuw i64 %73, %67
  %75 = getelementptr inbounds nuw i8, ptr %65, i64 %74
  %76 = load i32, ptr %75, align 4, !tbaa !4
  %77 = icmp eq i32 %76, 0
  br i1 %77, label %78, label %68, !llvm.loop !76

78:                                               ; preds = %68
  %79 = sub i32 %11, %47
  %80 = icmp ugt i32 %71, %79
  br i1 %80, label %81, label %84

81:                                               ; preds = %78
  store atomic i32 0, ptr %31 release, align 8
  %82 = icmp eq i32 %47, 0
  %83 = select i1 %82, i64 -28, i64 0
  br label %181

84:                                               ; preds = %78, %110
  %85 = phi i32 [ %119, %110 ], [ %61, %78 ]
  %86 = phi i32 [ %112, %110 ], [ %47, %78 ]
  %87 = zext i32 %86 to i64
  %88 = load i32, ptr %35, align 8, !tbaa !15
  %89 = zext i32 %88 to i64
  %90 = mul nuw i64 %89, %87
  %91 = getelementptr inbounds nuw i8, ptr %3, i64 %90
  %92 = load i64, ptr %36, align 8, !tbaa !30
  %93 = getelementptr inbounds nuw i8, ptr %0, i64 %92
  %94 = add i32 %85, -1
  %95 = zext i32 %94 to i64
  %96 = mul nuw i64 %89, %95
  %97 = getelementptr inbounds nuw i8, ptr %93, i64 %96
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %91, ptr readonly align 1 %97, i64 %89, i1 false)
  %98 = mul nuw i64 %87, %37
  %99 = getelementptr inbounds nuw i8, ptr %4, i64 %98
  %100 = load i64, ptr %38, align 8, !tbaa !25
  %101 = getelementptr inbounds nuw i8, ptr %0, i64 %100
  %102 = load i32, ptr %21, align 8, !tbaa !24
  %103 = zext i32 %102 to i64
  %104 = mul nuw i64 %103, %95
  %105 = getelementptr inbounds nuw i8, ptr %101, i64 %104
  %106 = load i32, ptr %8, align 4, !tbaa !12
  switch i32 %106, label %107 [
    i32 10, label %110
    i32 6, label %110
    i32 5, label %110
  ]

107:                                              ; preds = %84
  %108 = load i32, ptr %22, align 8, !tbaa !22
  %109 = zext i32 %108 to i64
  br label %110

110:                                              ; preds = %107, %84, %84, %84
  %111 = phi i64 [ %109, %107 ], [ %103, %84 ], [ %103, %84 ], [ %103, %84 ]
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %99, ptr nonnull readonly align 1 %105, i64 %111, i1 false)
  %112 = add i32 %86, 1
  %113 = load i64, ptr %33, align 8, !tbaa !29
  %114 = getelementptr inbounds nuw i8, ptr %0, i64 %113
  %115 = load i32, ptr %34, align 4, !tbaa !27
  %116 = zext i32 %115 to i64
  %117 = mul nuw i64 %116, %95
  %118 = getelementptr inbounds nuw i8, ptr %114, i64 %117
  %119 = load i32, ptr %118, align 4, !tbaa !4
  %120 = icmp eq i32 %119, 0
  br i1 %120, label %121, label %84, !llvm.loop !77

121:                                              ; preds = %110, %57
  %122 = phi i32 [ %47, %57 ], [ %112, %110 ]
  br i1 %39, label %176, label %123

123:                                              ; preds = %121
  %124 = load i32, ptr %60, align 4, !tbaa !4
  %125 = icmp eq i32 %124, 0
  br i1 %125, label %176, label %126

126:                                              ; preds = %123
  %127 = load i64, ptr %33, align 8, !tbaa !29
  %128 = getelementptr inbounds nuw i8, ptr %0, i64 %127
  %129 = load i32, ptr %34, align 4, !tbaa !27
  br label %130

130:                                              ; preds = %169, %126
  %131 = phi i32 [ %129, %126 ], [ %142, %169 ]
  %132 = phi i32 [ %124, %126 ], [ %174, %169 ]
  %133 = add i32 %132, -1
  %134 = zext i32 %133 to i64
  %135 = zext i32 %131 to i64
  %136 = mul nuw i64 %134, %135
  %137 = getelementptr inbounds nuw i8, ptr %128, i64 %136
  %138 = load i32, ptr %137, align 4, !tbaa !63
  store i32 %138, ptr %60, align 4, !tbaa !4
  %139 = load i32, ptr %8, align 4, !tbaa !12
  %140 = add i32 %139, -11
  %141 = icmp ult i32 %140, -2
  %142 = load i32, ptr %34, align 4, !tbaa !27
  %143 = zext i32 %142 to i64
  %144 = mul nuw i64 %143, %134
  br i1 %141, label %169, label %145

145:                                              ; preds = %130
  %146 = getelementptr inbounds nuw i8, ptr %128, i64 %144
  %147 = getelementptr inbounds nuw i8, ptr %146, i64 8
  %148 = load i32, ptr %147, align 4, !tbaa !59
  %149 = icmp eq i32 %148, 0
  %150 = getelementptr inbounds nuw i8, ptr %146, i64 12
  %151 = load i32, ptr %150, align 4, !tbaa !60
  br i1 %149, label %158, label %152

152:                                              ; preds = %145
  %153 = add i32 %148, -1
  %154 = zext i32 %153 to i64
  %155 = mul nuw i64 %154, %143
  %156 = getelementptr inbounds nuw i8, ptr %128, i64 %155
  %157 = getelementptr inbounds nuw i8, ptr %156, i64 12
  store i32 %151, ptr %157, align 4, !tbaa !60
  br label %159

158:                                              ; preds = %145
  store i32 %151, ptr %40, align 8, !tbaa !58
  br label %159

159:                                              ; preds = %158, %152
  %160 = icmp eq i32 %151, 0
  br i1 %160, label %167, label %161

161:                                              ; preds = %159
  %162 = add i32 %151, -1
  %163 = zext i32 %162 to i64
  %164 = mul nuw i64 %163, %143
  %165 = getelementptr inbounds nuw i8, ptr %128, i64 %164
  %166 = getelementptr inbounds nuw i8, ptr %165, i64 8
  store i32 %148, ptr %166, align 4, !tbaa !59
  br label %168

167:                                              ; preds = %159
  store i32 %148, ptr %41, align 4, !tbaa !61
  br label %168

168:                                              ; preds = %167, %161
  store i32 0, ptr %147, align 4, !tbaa !59
  store i32 0, ptr %150, align 4, !tbaa !60
  br label %169

169:                                              ; preds = %168, %130
  %170 = load i32, ptr %42, align 4, !tbaa !64
  %171 = getelementptr inbounds nuw i8, ptr %128, i64 %144
  store i32 %170, ptr %171, align 4, !tbaa !63
  store i32 %132, ptr %42, align 4, !tbaa !64
  %172 = load i32, ptr %43, align 4, !tbaa !65
  %173 = add i32 %172, -1
  store i32 %173, ptr %43, align 4, !tbaa !65
  %174 = load i32, ptr %60, align 4, !tbaa !4
  %175 = icmp eq i32 %174, 0
  br i1 %175, label %176, label %130, !llvm.loop !78

176:                                              ; preds = %169, %123, %121
  store atomic i32 0, ptr %31 release, align 8
  %177 = add nuw nsw i64 %46, 1
  %178 = load i32, ptr %27, align 8, !tbaa !26
  %179 = zext i32 %178 to i64
  %180 = icmp samesign ult i64 %177, %179
  br i1 %180, label %45, label %181

181:                                              ; preds = %176, %81
  %182 = phi i64 [ %46, %81 ], [ %177, %176 ]
  %183 = phi i32 [ %47, %81 ], [ %122, %176 ]
  %184 = phi i64 [ %83, %81 ], [ -2, %176 ]
  %185 = trunc i64 %182 to i32
  store i32 %185, ptr %2, align 4, !tbaa !4
  store i32 %183, ptr %5, align 4, !tbaa !4
  br label %186

186:                                              ; preds = %7, %181, %26, %15
  %187 = phi i64 [ -524, %7 ], [ 0, %15 ], [ %184, %181 ], [ -2, %26 ]
  ret i64 %187
}

; Function Attrs: nofree norecurse nounwind memory(argmem: readwrite)
define dso_local range(i64 -524, 1) i64 @ebpy_map_clear(ptr noundef captures(none) %0) local_unnamed_addr #6 {
  %2 = getelementptr inbounds nuw i8, ptr %0, i64 4
  %3 = load i32, ptr %2, align 4, !tbaa !12
  switch i32 %3, label %15 [
    i32 2, label %4
    i32 6, label %4
    i32 3, label %4
    i32 12, label %4
    i32 14, label %4
    i32 27, label %60
  ]

4:                                                ; preds = %1, %1, %1, %1, %1
  %5 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %6 = load i64, ptr %5, align 8, !tbaa !25
  %7 = getelementptr inbounds nuw i8, ptr %0, i64 %6
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %9 = load i32, ptr %8, align 8, !tbaa !17
  %10 = zext i32 %9 to i64
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 40
  %12 = load i32, ptr %11, align 8, !tbaa !24
  %13 = zext i32 %12 to i64
  %14 = mul nuw i64 %13, %10
  tail call void @llvm.memset.p0.i64(ptr align 1 %7, i8 0, i64 %14, i1 false)
  br label %60

15:                                               ; preds = %1
  %16 = getelementptr inbounds nuw i8, ptr %0, i64 56
  %17 = atomicrmw xchg ptr %16, i32 1 acquire, align 8
  %18 = icmp eq i32 %17, 0
  br i1 %18, label %26, label %19

19:                                               ; preds = %15, %22
  %20 = load atomic i32, ptr %16 monotonic, align 8
  %21 = icmp eq i32 %20, 0
  br i1 %21, label %23, label %22

22:                                               ; preds = %19, %23
  br label %19, !llvm.loop !47

23:                                               ; preds = %19
  %24 = atomicrmw xchg ptr %16, i32 1 acquire, align 8
  %25 = icmp eq i32 %24, 0
  br i1 %25, label %26, label %22

26:                                               ; preds = %23, %15
  %27 = load i32, ptr %2, align 4, !tbaa !12
  switch i32 %27, label %50 [
    i32 30, label %28
    i32 22, label %39
    i32 23, label %39
    i32 13, label %42
    i32 10, label %42
    i32 9, label %42
    i32 5, label %42
    i32 1, label %42
    i32 25, label %42
  ]

28:                                               ; preds = %26
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 104
  %30 = load i32, ptr %29, align 8, !tbaa !32
  %31 = zext i32 %30 to i64
  %32 = add nuw nsw i64 %31, 1
  %33 = lshr i64 %32, 3
  %34 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %35 = load i64, ptr %34, align 8, !tbaa !25
  %36 = getelementptr inbounds nuw i8, ptr %0, i64 %35
  %37 = add nuw nsw i64 %33, 7
  %38 = and i64 %37, 2147483640
  tail call void @llvm.memset.p0.i64(ptr align 1 %36, i8 0, i64 %38, i1 false)
  br label %59

39:                                               ; preds = %26, %26
  %40 = getelementptr inbounds nuw i8, ptr %0, i64 92
  store i32 0, ptr %40, align 4, !tbaa !45
  %41 = getelementptr inbounds nuw i8, ptr %0, i64 96
  store i32 0, ptr %41, align 8, !tbaa !46
  br label %59

42:                                               ; preds = %26, %26, %26, %26, %26, %26
  %43 = getelementptr inbounds nuw i8, ptr %0, i64 144
  %44 = load i64, ptr %43, align 8, !tbaa !28
  %45 = getelementptr inbounds nuw i8, ptr %0, i64 %44
  %46 = getelementptr inbounds nuw i8, ptr %0, i64 48
  %47 = load i32, ptr %46, align 8, !tbaa !26
  %48 = zext i32 %47 to i64
  %49 = shl nuw nsw i64 %48, 2
  tail call void @llvm.memset.p0.i64(ptr align 1 %45, i8 0, i64 %49, i1 false)
  br label %50

50:                                               ; preds = %26, %42
  %51 = getelementptr inbounds nuw i8, ptr %0, i64 60
  store i32 0, ptr %51, align 4, !tbaa !65
  %52 = getelementptr inbounds nuw i8, ptr %0, i64 64
  store i32 0, ptr %52, align 8, !tbaa !69
  %53 = getelementptr inbounds nuw i8, ptr %0, i64 68
  store i32 0, ptr %53, align 4, !tbaa !64
  %54 = getelementptr inbounds nuw i8, ptr %0, i64 72
  store i32 0, ptr %54, align 8, !tbaa !58
  %55 = getelementptr inbounds nuw i8, ptr %0, i64 76
  store i32 0, ptr %55, align 4, !tbaa !61
  %56 = getelementptr inbounds nuw i8, ptr %0, i64 80
  store i32 0, ptr %56, align 8, !tbaa !74
  %57 = getelementptr inbounds nuw i8, ptr %0, i64 84
  store i32 0, ptr %57, align 4, !tbaa !79
  %58 = getelementptr inbounds nuw i8, ptr %0, i64 88
  store i32 0, ptr %58, align 8, !tbaa !72
  br label %59

59:                                               ; preds = %50, %39, %28
  store atomic i32 0, ptr %16 release, align 8
  br label %60

60:                                               ; preds = %1, %59, %4
  %61 = phi i64 [ 0, %59 ], [ 0, %4 ], [ -524, %1 ]
  ret i64 %61
}

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias writeonly captures(none), ptr noalias readonly captures(none), i64, i1 immarg) #9

; Function Attrs: mustprogress nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr writeonly captures(none), i8, i64, i1 immarg) #10

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.ctlz.i32(i32, i1 immarg) #11

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define internal fastcc i32 @lpm_new_node(ptr noundef captures(none) %0, i32 noundef %1, ptr noundef readonly captures(none) %2, ptr noundef readonly captures(none) %3) unnamed_addr #3 {
  %5 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %6 = load i32, ptr %5, align 4, !tbaa !64
  %7 = icmp eq i32 %6, 0
  br i1 %7, label %25, label %8

8:                                                ; preds = %4
  %9 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %10 = load i64, ptr %9, align 8, !tbaa !29
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 %10
  %12 = add i32 %6, -1
  %13 = zext i32 %12 to i64
  %14 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %15 = load i32, ptr %14, align 4, !tbaa !27
  %16 = zext i32 %15 to i64
  %17 = mul nuw i64 %16, %13
  %18 = getelementptr inbounds nuw i8, ptr %11, i64 %17
  %19 = load i32, ptr %18, align 4, !tbaa !4
  store i32 %19, ptr %5, align 4, !tbaa !64
  store i32 0, ptr %18, align 4, !tbaa !4
  %20 = load i32, ptr %14, align 4, !tbaa !27
  %21 = zext i32 %20 to i64
  %22 = mul nuw i64 %21, %13
  %23 = getelementptr inbounds nuw i8, ptr %11, i64 %22
  %24 = getelementptr inbounds nuw i8, ptr %23, i64 4
  store i32 0, ptr %24, align 4, !tbaa !4
  br label %52

25:                                               ; preds = %4
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 64
  %27 = load i32, ptr %26, align 8, !tbaa !69
  %28 = zext i32 %27 to i64
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %30 = load i32, ptr %29, align 8, !tbaa !17
  %31 = zext i32 %30 to i64
  %32 = shl nuw nsw i64 %31, 1
  %33 = icmp samesign ugt i64 %32, %28
  br i1 %33, label %34, label %123

34:                                               ; preds = %25
  %35 = add i32 %27, 1
  store i32 %35, ptr %26, align 8, !tbaa !69
  %36 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %37 = load i64, ptr %36, align 8, !tbaa !29
  %38 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %39 = load i32, ptr %38, align 4, !tbaa !27
  %40 = zext i32 %39 to i64
  %41 = mul nuw i64 %40, %28
  %42 = getelementptr inbounds nuw i8, ptr %0, i64 %37
  %43 = getelementptr inbounds nuw i8, ptr %42, i64 %41
  store i32 0, ptr %43, align 4, !tbaa !4
  %44 = load i32, ptr %38, align 4, !tbaa !27
  %45 = zext i32 %44 to i64
  %46 = mul nuw i64 %45, %28
  %47 = getelementptr inbounds nuw i8, ptr %42, i64 %46
  %48 = getelementptr inbounds nuw i8, ptr %47, i64 4
  store i32 0, ptr %48, align 4, !tbaa !4
  %49 = icmp eq i32 %35, 0
  br i1 %49, label %123, label %50

50:                                               ; preds = %34
  %51 = zext i32 %27 to i64
  br label %52

52:                                               ; preds = %50, %8
  %53 = phi i64 [ %51, %50 ], [ %13, %8 ]
  %54 = phi i64 [ %37, %50 ], [ %10, %8 ]
  %55 = phi i32 [ %35, %50 ], [ %6, %8 ]
  %56 = getelementptr inbounds nuw i8, ptr %0, i64 %54
  %57 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %58 = load i32, ptr %57, align 4, !tbaa !27
  %59 = zext i32 %58 to i64
  %60 = mul nuw i64 %53, %59
  %61 = getelementptr inbounds nuw i8, ptr %56, i64 %60
  %62 = getelementptr inbounds nuw i8, ptr %61, i64 12
  store i32 0, ptr %62, align 4, !tbaa !4
  %63 = load i32, ptr %57, align 4, !tbaa !27
  %64 = zext i32 %63 to i64
  %65 = mul nuw i64 %53, %64
  %66 = getelementptr inbounds nuw i8, ptr %56, i64 %65
  %67 = getelementptr inbounds nuw i8, ptr %66, i64 12
  %68 = load i32, ptr %67, align 4, !tbaa !4
  %69 = icmp eq i32 %68, 0
  br i1 %69, label %70, label %96

70:                                               ; preds = %52
  %71 = getelementptr inbounds nuw i8, ptr %0, i64 88
  %72 = load i32, ptr %71, align 8, !tbaa !72
  %73 = icmp eq i32 %72, 0
  br i1 %73, label %86, label %74

74:                                               ; preds = %70
  %75 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %76 = load i64, ptr %75, align 8, !tbaa !25
  %77 = getelementptr inbounds nuw i8, ptr %0, i64 %76
  %78 = add i32 %72, -1
  %79 = zext i32 %78 to i64
  %80 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %81 = load i32, ptr %80, align 4, !tbaa !23
  %82 = zext i32 %81 to i64
  %83 = mul nuw i64 %82, %79
  %84 = getelementptr inbounds nuw i8, ptr %77, i64 %83
  %85 = load i32, ptr %84, align 1
  store i32 %85, ptr %71, align 8, !tbaa !72
  br label %94

86:                                               ; preds = %70
  %87 = getelementptr inbounds nuw i8, ptr %0, i64 84
  %88 = load i32, ptr %87, align 4, !tbaa !79
  %89 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %90 = load i32, ptr %89, align 8, !tbaa !17
  %91 = icmp ult i32 %88, %90
  br i1 %91, label %92, label %117

92:                                               ; preds = %86
  %93 = add nuw i32 %88, 1
  store i32 %93, ptr %87, align 4, !tbaa !79
  br label %94

94:                                               ; preds = %92, %74
  %95 = phi i32 [ %93, %92 ], [ %72, %74 ]
  store i32 %95, ptr %67, align 4, !tbaa !4
  br label %96

96:                                               ; preds = %52, %94
  %97 = phi i32 [ %95, %94 ], [ %68, %52 ]
  %98 = getelementptr inbounds nuw i8, ptr %66, i64 8
  store i32 %1, ptr %98, align 4, !tbaa !4
  %99 = getelementptr inbounds nuw i8, ptr %66, i64 16
  %100 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %101 = load i32, ptr %100, align 8, !tbaa !15
  %102 = add i32 %101, -4
  %103 = zext i32 %102 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %99, ptr readonly align 1 %2, i64 %103, i1 false)
  %104 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %105 = load i64, ptr %104, align 8, !tbaa !25
  %106 = getelementptr inbounds nuw i8, ptr %0, i64 %105
  %107 = add i32 %97, -1
  %108 = zext i32 %107 to i64
  %109 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %110 = load i32, ptr %109, align 4, !tbaa !23
  %111 = zext i32 %110 to i64
  %112 = mul nuw i64 %111, %108
  %113 = getelementptr inbounds nuw i8, ptr %106, i64 %112
  %114 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %115 = load i32, ptr %114, align 4, !tbaa !16
  %116 = zext i32 %115 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %113, ptr readonly align 1 %3, i64 %116, i1 false)
  br label %123

117:                                              ; preds = %86
  store i32 0, ptr %67, align 4, !tbaa !4
  %118 = load i32, ptr %5, align 4, !tbaa !64
  %119 = load i32, ptr %57, align 4, !tbaa !27
  %120 = zext i32 %119 to i64
  %121 = mul nuw i64 %53, %120
  %122 = getelementptr inbounds nuw i8, ptr %56, i64 %121
  store i32 %118, ptr %122, align 4, !tbaa !4
  store i32 %55, ptr %5, align 4, !tbaa !64
  br label %123

123:                                              ; preds = %25, %96, %34, %117
  %124 = phi i32 [ 0, %117 ], [ 0, %34 ], [ %55, %96 ], [ 0, %25 ]
  ret i32 %124
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define internal fastcc range(i64 -12, 1) i64 @lpm_fill(ptr noundef captures(none) %0, i32 noundef range(i32 1, 0) %1, i32 noundef %2, ptr noundef readonly captures(none) %3, ptr noundef readonly captures(none) %4) unnamed_addr #3 {
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %7 = load i64, ptr %6, align 8, !tbaa !29
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 %7
  %9 = add i32 %1, -1
  %10 = zext i32 %9 to i64
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %12 = load i32, ptr %11, align 4, !tbaa !27
  %13 = zext i32 %12 to i64
  %14 = mul nuw i64 %13, %10
  %15 = getelementptr inbounds nuw i8, ptr %8, i64 %14
  %16 = getelementptr inbounds nuw i8, ptr %15, i64 12
  %17 = load i32, ptr %16, align 4, !tbaa !4
  %18 = icmp eq i32 %17, 0
  br i1 %18, label %19, label %46

19:                                               ; preds = %5
  %20 = getelementptr inbounds nuw i8, ptr %0, i64 88
  %21 = load i32, ptr %20, align 8, !tbaa !72
  %22 = icmp eq i32 %21, 0
  br i1 %22, label %35, label %23

23:                                               ; preds = %19
  %24 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %25 = load i64, ptr %24, align 8, !tbaa !25
  %26 = getelementptr inbounds nuw i8, ptr %0, i64 %25
  %27 = add i32 %21, -1
  %28 = zext i32 %27 to i64
  %29 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %30 = load i32, ptr %29, align 4, !tbaa !23
  %31 = zext i32 %30 to i64
  %32 = mul nuw i64 %31, %28
  %33 = getelementptr inbounds nuw i8, ptr %26, i64 %32
  %34 = load i32, ptr %33, align 1
  store i32 %34, ptr %20, align 8, !tbaa !72
  br label %43

35:                                               ; preds = %19
  %36 = getelementptr inbounds nuw i8, ptr %0, i64 84
  %37 = load i32, ptr %36, align 4, !tbaa !79
  %38 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %39 = load i32, ptr %38, align 8, !tbaa !17
  %40 = icmp ult i32 %37, %39
  br i1 %40, label %41, label %45

41:                                               ; preds = %35
  %42 = add nuw i32 %37, 1
  store i32 %42, ptr %36, align 4, !tbaa !79
  br label %43

43:                                               ; preds = %23, %41
  %44 = phi i32 [ %42, %41 ], [ %21, %23 ]
  store i32 %44, ptr %16, align 4, !tbaa !4
  br label %46

45:                                               ; preds = %35
  store i32 0, ptr %16, align 4, !tbaa !4
  br label %67

46:                                               ; preds = %43, %5
  %47 = phi i32 [ %44, %43 ], [ %17, %5 ]
  %48 = getelementptr inbounds nuw i8, ptr %15, i64 8
  store i32 %2, ptr %48, align 4, !tbaa !4
  %49 = getelementptr inbounds nuw i8, ptr %15, i64 16
  %50 = getelementptr inbounds nuw i8, ptr %0, i64 8
  %51 = load i32, ptr %50, align 8, !tbaa !15
  %52 = add i32 %51, -4
  %53 = zext i32 %52 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr nonnull align 1 %49, ptr readonly align 1 %3, i64 %53, i1 false)
  %54 = getelementptr inbounds nuw i8, ptr %0, i64 168
  %55 = load i64, ptr %54, align 8, !tbaa !25
  %56 = getelementptr inbounds nuw i8, ptr %0, i64 %55
  %57 = add i32 %47, -1
  %58 = zext i32 %57 to i64
  %59 = getelementptr inbounds nuw i8, ptr %0, i64 36
  %60 = load i32, ptr %59, align 4, !tbaa !23
  %61 = zext i32 %60 to i64
  %62 = mul nuw i64 %61, %58
  %63 = getelementptr inbounds nuw i8, ptr %56, i64 %62
  %64 = getelementptr inbounds nuw i8, ptr %0, i64 12
  %65 = load i32, ptr %64, align 4, !tbaa !16
  %66 = zext i32 %65 to i64
  tail call void @llvm.memcpy.p0.p0.i64(ptr align 1 %63, ptr readonly align 1 %4, i64 %66, i1 false)
  br label %67

67:                                               ; preds = %45, %46
  %68 = phi i64 [ 0, %46 ], [ -12, %45 ]
  ret i64 %68
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite)
define internal fastcc i32 @lpm_node_alloc(ptr noundef captures(none) %0) unnamed_addr #3 {
  %2 = getelementptr inbounds nuw i8, ptr %0, i64 68
  %3 = load i32, ptr %2, align 4, !tbaa !64
  %4 = icmp eq i32 %3, 0
  br i1 %4, label %17, label %5

5:                                                ; preds = %1
  %6 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %7 = load i64, ptr %6, align 8, !tbaa !29
  %8 = getelementptr inbounds nuw i8, ptr %0, i64 %7
  %9 = add i32 %3, -1
  %10 = zext i32 %9 to i64
  %11 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %12 = load i32, ptr %11, align 4, !tbaa !27
  %13 = zext i32 %12 to i64
  %14 = mul nuw i64 %13, %10
  %15 = getelementptr inbounds nuw i8, ptr %8, i64 %14
  %16 = load i32, ptr %15, align 4, !tbaa !4
  store i32 %16, ptr %2, align 4, !tbaa !64
  br label %35

17:                                               ; preds = %1
  %18 = getelementptr inbounds nuw i8, ptr %0, i64 64
  %19 = load i32, ptr %18, align 8, !tbaa !69
  %20 = zext i32 %19 to i64
  %21 = getelementptr inbounds nuw i8, ptr %0, i64 16
  %22 = load i32, ptr %21, align 8, !tbaa !17
  %23 = zext i32 %22 to i64
  %24 = shl nuw nsw i64 %23, 1
  %25 = icmp samesign ugt i64 %24, %20
  br i1 %25, label %26, label %48

26:                                               ; preds = %17
  %27 = add i32 %19, 1
  store i32 %27, ptr %18, align 8, !tbaa !69
  %28 = getelementptr inbounds nuw i8, ptr %0, i64 152
  %29 = load i64, ptr %28, align 8, !tbaa !29
  %30 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %31 = load i32, ptr %30, align 4, !tbaa !27
  %32 = zext i32 %19 to i64
  %33 = zext i32 %31 to i64
  %34 = mul nuw i64 %33, %32
  br label %35

35:                                               ; preds = %26, %5
  %36 = phi i64 [ %34, %26 ], [ %14, %5 ]
  %37 = phi i64 [ %32, %26 ], [ %10, %5 ]
  %38 = phi i64 [ %29, %26 ], [ %7, %5 ]
  %39 = phi i32 [ %27, %26 ], [ %3, %5 ]
  %40 = getelementptr inbounds nuw i8, ptr %0, i64 %38
  %41 = getelementptr inbounds nuw i8, ptr %0, i64 44
  %42 = getelementptr inbounds nuw i8, ptr %40, i64 %36
  store i32 0, ptr %42, align 4, !tbaa !4
  %43 = load i32, ptr %41, align 4, !tbaa !27
  %44 = zext i32 %43 to i64
  %45 = mul nuw i64 %37, %44
  %46 = getelementptr inbounds nuw i8, ptr %40, i64 %45
  %47 = getelementptr inbounds nuw i8, ptr %46, i64 4
  store i32 0, ptr %47, align 4, !tbaa !4
  br label %48

48:                                               ; preds = %17, %35
  %49 = phi i32 [ %39, %35 ], [ 0, %17 ]
  ret i32 %49
}

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.fshl.i32(i32, i32, i32) #12

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.umax.i32(i32, i32) #12

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.umin.i32(i32, i32) #12

attributes #0 = { nofree norecurse nosync nounwind memory(argmem: read) }
attributes #1 = { mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { mustprogress nofree norecurse nosync nounwind willreturn memory(none) }
attributes #3 = { mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: readwrite) }
attributes #4 = { mustprogress nofree norecurse nounwind willreturn memory(argmem: readwrite) }
attributes #5 = { mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: write) }
attributes #6 = { nofree norecurse nounwind memory(argmem: readwrite) }
attributes #7 = { mustprogress nofree norecurse nounwind willreturn memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none) }
attributes #8 = { nofree norecurse nounwind memory(readwrite, inaccessiblemem: none, target_mem0: none, target_mem1: none) }
attributes #9 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: readwrite) }
attributes #10 = { mustprogress nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #11 = { mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #12 = { nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }
attributes #13 = { nounwind }
attributes #14 = { nobuiltin }


!0 = !{i32 7, !"Dwarf Version", i32 4}
!1 = !{i32 1, !"wchar_size", i32 4}
!2 = !{i32 7, !"frame-pointer", i32 2}
!3 = !{!"clang version 22.1.8"}
!4 = !{!5, !5, i64 0}
!5 = !{!"int", !6, i64 0}
!6 = !{!"omnipotent char", !7, i64 0}
!7 = !{!"Simple C/C++ TBAA"}
!8 = distinct !{!8, !9}
!9 = !{!"llvm.loop.mustprogress"}
!10 = !{!6, !6, i64 0}
!11 = distinct !{!11, !9}
!12 = !{!13, !5, i64 4}
!13 = !{!"ebpy_map", !5, i64 0, !5, i64 4, !5, i64 8, !5, i64 12, !5, i64 16, !5, i64 20, !5, i64 24, !5, i64 28, !5, i64 32, !5, i64 36, !5, i64 40, !5, i64 44, !5, i64 48, !5, i64 52, !5, i64 56, !5, i64 60, !5, i64 64, !5, i64 68, !5, i64 72, !5, i64 76, !5, i64 80, !5, i64 84, !5, i64 88, !5, i64 92, !5, i64 96, !5, i64 100, !5, i64 104, !5, i64 108, !5, i64 112, !5, i64 116, !5, i64 120, !5, i64 124, !14, i64 128, !14, i64 136, !14, i64 144, !14, i64 152, !14, i64 160, !14, i64 168, !14, i64 176, !14, i64 184, !14, i64 192, !14, i64 200, !14, i64 208, !14, i64 216}
!14 = !{!"long long", !6, i64 0}
!15 = !{!13, !5, i64 8}
!16 = !{!13, !5, i64 12}
!17 = !{!13, !5, i64 16}
!18 = !{!13, !5, i64 20}
!19 = !{!13, !5, i64 24}
!20 = !{!13, !14, i64 128}
!21 = !{!13, !5, i64 28}
!22 = !{!13, !5, i64 32}
!23 = !{!13, !5, i64 36}
!24 = !{!13, !5, i64 40}
!25 = !{!13, !14, i64 168}
!26 = !{!13, !5, i64 48}
!27 = !{!13, !5, i64 44}
!28 = !{!13, !14, i64 144}
!29 = !{!13, !14, i64 152}
!30 = !{!13, !14, i64 160}
!31 = !{!13, !5, i64 100}
!32 = !{!13, !5, i64 104}
!33 = !{!13, !14, i64 176}
!34 = !{!13, !14, i64 184}
!35 = !{!13, !14, i64 192}
!36 = !{!13, !14, i64 200}
!37 = !{!13, !14, i64 136}
!38 = !{!13, !5, i64 52}
!39 = !{!13, !5, i64 108}
!40 = !{!13, !5, i64 112}
!41 = !{!13, !5, i64 116}
!42 = !{!13, !5, i64 120}
!43 = !{!13, !5, i64 124}
!44 = !{!13, !5, i64 0}
!45 = !{!13, !5, i64 92}
!46 = !{!13, !5, i64 96}
!47 = distinct !{!47, !9}
!48 = !{!13, !14, i64 208}
!49 = !{!14, !14, i64 0}
!50 = !{!51, !5, i64 0}
!51 = !{!"ringbuf_hdr", !5, i64 0, !5, i64 4}
!52 = !{!51, !5, i64 4}
!53 = !{!54, !5, i64 4}
!54 = !{!"htab_link", !5, i64 0, !5, i64 4, !5, i64 8, !5, i64 12}
!55 = distinct !{!55, !9}
!56 = distinct !{!56, !9}
!57 = distinct !{!57, !9}
!58 = !{!13, !5, i64 72}
!59 = !{!54, !5, i64 8}
!60 = !{!54, !5, i64 12}
!61 = !{!13, !5, i64 76}
!62 = distinct !{!62, !9}
!63 = !{!54, !5, i64 0}
!64 = !{!13, !5, i64 68}
!65 = !{!13, !5, i64 60}
!66 = distinct !{!66, !9}
!67 = distinct !{!67, !9}
!68 = distinct !{!68, !9}
!69 = !{!13, !5, i64 64}
!70 = distinct !{!70, !9}
!71 = distinct !{!71, !9}
!72 = !{!13, !5, i64 88}
!73 = distinct !{!73, !9}
!74 = !{!13, !5, i64 80}
!75 = distinct !{!75, !9}
!76 = distinct !{!76, !9}
!77 = distinct !{!77, !9}
!78 = distinct !{!78, !9}
!79 = !{!13, !5, i64 84}
